"""The Streamlit dashboard: ``page.py`` wires widgets to the plain, tested functions beside it; ``app.py``
starts the server (``streamlit run dashboard/app.py``) and reads the store ahead (``warm.py``)."""
