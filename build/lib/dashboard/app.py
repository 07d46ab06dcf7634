"""The dashboard's server: ``streamlit run dashboard/app.py -- --store STORE_DIR``.

Each visitor gets the page ``dashboard/page.py``. This file only adds a start-up step: the store
is read (``dashboard.warm``) as the server starts, not when the first visitor opens the page.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import streamlit as st

from dashboard import warm


@contextlib.asynccontextmanager
async def lifespan(_app):
    warm.start(sys.argv[1:])
    yield


app = st.App(Path(__file__).with_name("page.py"), lifespan=lifespan)
