"""objects stage of innerpy."""
