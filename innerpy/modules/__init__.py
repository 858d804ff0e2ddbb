"""modules stage of innerpy."""
