"""The Streamlit dashboard: ``app.py`` wires widgets to the plain, tested functions beside it."""
