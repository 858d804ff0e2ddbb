"""vm stage of innerpy."""
