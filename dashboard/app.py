"""The dashboard's server: ``streamlit run dashboard/app.py -- --store STORE_DIR``.

Each visitor gets the page ``dashboard/page.py``. This file only adds a start-up step: the store
is read (``dashboard.warm``) as the server starts, not when the first visitor opens the page.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard import warm  # noqa: E402


@contextlib.asynccontextmanager
async def lifespan(_app):
    warm.start(sys.argv[1:])
    yield


app = st.App(Path(__file__).with_name("page.py"), lifespan=lifespan)
