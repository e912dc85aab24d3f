"""Action plans."""
