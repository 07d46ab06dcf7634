"""The key-date ranker learned across stories (events.merging.keydates, ranker "learned").

For each Timeline17 folder, every day the collection refers to (or has an event on) inside its journalists'
timeline span is a row of ``keydates.FEATURES``, labelled by whether a journalist put the day in the
timeline. A logistic regression (scikit-learn, standardized features, classes balanced) is trained on some
folders and ranks the days of others; ``bench.tls --loso`` trains it on every story but one and scores the
one held out, and ``--save-model`` writes the model trained on all of them into keydates.toml.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from events.merging import keydates
from events.output import tables

C = 1.0  # scikit-learn's default regularisation; the features are few and the rows thousands


@dataclass(frozen=True)
class Rows:
    days: list[dt.date]
    x: np.ndarray
    gold: np.ndarray  # the day is a gold date
    span: np.ndarray  # the day lies inside a gold timeline's span


def folder_rows(events: pd.DataFrame, documents: pd.DataFrame, golds: list, best: dict) -> Rows:
    """The folder's days with their features, and the gold labels of its timelines."""
    refs, published = tables.date_refs(documents)
    days, x = keydates.features(refs, published, best)
    gold_days = set().union(*(g.dates for g in golds)) if golds else set()
    spans = [g.span for g in golds]
    return Rows(
        days,
        x,
        np.array([d in gold_days for d in days], dtype=bool),
        np.array([any(lo <= d <= hi for lo, hi in spans) for d in days], dtype=bool),
    )


def fit(rows: list[Rows]) -> dict:
    """The logistic regression over the days inside the gold spans of ``rows``, as keydates.toml holds it."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    x = np.vstack([r.x[r.span] for r in rows])
    y = np.concatenate([r.gold[r.span] for r in rows])
    scaler = StandardScaler().fit(x)
    lr = LogisticRegression(C=C, class_weight="balanced", max_iter=1000).fit(scaler.transform(x), y)
    return {
        "features": list(keydates.FEATURES),
        "mean": [float(v) for v in scaler.mean_],
        "scale": [float(v) for v in scaler.scale_],
        "coef": [float(v) for v in lr.coef_[0]],
        "intercept": float(lr.intercept_[0]),
        "rows": int(len(y)),
        "positives": int(y.sum()),
    }


def _floats(values) -> str:
    return "[" + ", ".join(f"{v:.4f}" for v in values) + "]"


def write_model(path: Path, model: dict, figures: dict, trained_on: list[str], when: dt.date) -> str:
    """Write ``model`` into the keydates.toml at ``path`` (its [model] table, and ``ranker``: "learned" when it
    beat the hand weights leaving one story out, else "hand"); returns the ranker chosen."""
    wins = figures["learned"] > figures["hand_loso"] and figures["learned"] > figures["hand"]
    ranker = "learned" if wins else "hand"
    text = Path(path).read_text(encoding="utf-8")
    head = text[: re.search(r"(?m)^\[model\]", text).start()]
    head = re.sub(r'(?m)^ranker = "\w+"', f'ranker = "{ranker}"', head)
    folders = textwrap.wrap(", ".join(trained_on), 100, initial_indent="#   ", subsequent_indent="#   ")
    block = (
        "[model]\n"
        f"# Trained on {when.isoformat()} by `python -m bench.tls --loso --save-model FILE` on the Timeline17\n"
        "# folders\n" + "\n".join(folders) + "\n"
        f"# {model['rows']} days inside the gold timelines' spans, {model['positives']} of them gold dates;\n"
        "# logistic regression (scikit-learn, standardized features, classes balanced).\n"
        f"# Key-date F1 leaving one story out ({figures['timelines']} timelines): learned {figures['learned']:.3f};\n"
        f"# hand weights chosen on the other stories {figures['hand_loso']:.3f}; hand weights of salience.toml\n"
        f"# {figures['hand']:.3f} (chosen on all of them); naive date count {figures['naive']:.3f}.\n"
        f"features = [{', '.join(repr(f).replace(chr(39), chr(34)) for f in model['features'])}]\n"
        f"mean = {_floats(model['mean'])}\n"
        f"scale = {_floats(model['scale'])}\n"
        f"coef = {_floats(model['coef'])}\n"
        f"intercept = {model['intercept']:.4f}\n"
    )
    Path(path).write_text(head + block, encoding="utf-8")
    return ranker
