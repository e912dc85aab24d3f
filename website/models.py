"""Public site."""
