"""Event timeline library: news articles in, a dated and merged event store out.

Stages (each a module with a small typed record as its output):
ingest -> clean -> sentences -> temporal -> extract -> merge -> curate -> store.
Nothing here imports streamlit; nothing here reads the wall clock.
"""

__version__ = "0.1.0"
