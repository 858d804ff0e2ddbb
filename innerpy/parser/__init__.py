"""parser stage of innerpy."""
