"""Reading: input files become documents, cleaned of page furniture and split into sentences."""
