"""Issues and ward priorities."""
