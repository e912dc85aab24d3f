"""Pages for groups: the public pages (groups, ask to join) and the staff workspace."""
