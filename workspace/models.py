"""Staff workspace."""
