"""Extraction: sentences with their temporal expressions become mentions (category, actors, status, place, title)."""
