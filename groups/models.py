"""Engagement groups."""
