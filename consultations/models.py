"""Consultations and surveys."""
