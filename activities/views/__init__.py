"""Pages of the engagement register (staff planning, the whole picture, administration, public, feeds)."""
