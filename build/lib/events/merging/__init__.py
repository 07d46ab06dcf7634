"""Merging: mentions become events, scored for salience, curated by the analyst, compared with the last build."""
