"""runtime stage of innerpy."""
