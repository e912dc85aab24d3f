"""Engagement register."""
