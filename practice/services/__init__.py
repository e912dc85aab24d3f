"""Writes for practice: ward plans (`plans`), the library and Top 10 (`library`), guides and packs (`guides`)."""
