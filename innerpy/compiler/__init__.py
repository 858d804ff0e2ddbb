"""compiler stage of innerpy."""
