"""Which events carry their title as text on the timeline, and where the text goes.

vis-timeline stacks item boxes so that none overlaps another; here the boxes are the titles of the
most salient events in view. They are placed greedily, most salient first, at the first free spot
among a few near the event's mark (beside it; then above or below it, joined to it by a leader
line), in the chart's pixels as laid out. An event whose title finds no free spot stays a mark
with its hover text. So the number of labels follows the room the view leaves: a wide date range
packs many events into few pixels and few titles fit; a narrower range leaves room for more.

Salience: the events' ``salience`` column (higher is more important) where the store has it, then
the number of sources, then the number of mentions, then how precise the date is.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

PRECISION_RANK = {"day": 6, "week": 5, "month": 4, "quarter": 3, "year": 2, "decade": 1}
CHAR_EM = 0.56  # average width of a character in Arial, in font sizes (a little generous)
LINE_EM = 1.25  # line height, in font sizes
PAD = 4  # pixels around a label's text


@dataclass(frozen=True)
class Room:
    """The plot area a label is placed in, in pixels, and how labels are written there."""

    width: float
    height: float
    font_size: int = 12
    max_labels: int = 24
    wrap: int = 40  # characters per line
    max_lines: int = 2
    candidates: int = 4  # events tried per label wanted (the most salient first)


@dataclass(frozen=True)
class Label:
    """A title placed beside or near its mark: offset in pixels of the text's anchor point."""

    index: int  # position of the event's mark in the arrays ``place`` was given
    text: str  # lines joined by "<br>"
    dx: float
    dy: float
    side: str  # "left": the text starts right of the anchor; "right": it ends left of it
    leader: bool  # a line from the mark to the text


def ranking(events: pd.DataFrame) -> np.ndarray:
    """Row positions of ``events``, most salient first (see the module docstring; ties by event_id)."""
    n = len(events)
    if not n:
        return np.zeros(0, dtype=np.int64)

    def num(col: str) -> np.ndarray:
        if col not in events:
            return np.zeros(n)
        return pd.to_numeric(events[col], errors="coerce").fillna(-np.inf).to_numpy(float)

    mentions = (
        events["mention_ids"].map(lambda v: len(v) if isinstance(v, (list, tuple, np.ndarray)) else 0).to_numpy(float)
        if "mention_ids" in events
        else np.zeros(n)
    )
    precision = (
        events["precision"].astype(str).map(PRECISION_RANK).fillna(0).to_numpy(float)
        if "precision" in events
        else np.zeros(n)
    )
    ids = events["event_id"].astype(str).to_numpy() if "event_id" in events else np.arange(n).astype(str)
    id_rank = np.argsort(np.argsort(ids, kind="stable"), kind="stable")
    # np.lexsort sorts by the last key first; negate for "higher first"
    return np.lexsort((id_rank, -precision, -mentions, -num("source_count"), -num("salience")))


def wrap(title: str, width: int, max_lines: int) -> list[str]:
    """``title`` in lines of about ``width`` characters, broken between words: up to a quarter wider
    when that keeps it whole, else the last line ends with "…"."""
    for w in range(width, width + width // 4 + 1, 2):
        lines = _wrap(title, w, max_lines)
        if not lines or not lines[-1].endswith("…"):
            return lines
    return _wrap(title, width, max_lines)


def _wrap(title: str, width: int, max_lines: int) -> list[str]:
    words = " ".join(str(title).split()).split(" ")
    lines: list[str] = []
    current = ""
    for w in words:
        if len(w) > width:
            w = w[: width - 1] + "…"
        if current and len(current) + 1 + len(w) > width:
            lines.append(current)
            current = w
        else:
            current = f"{current} {w}" if current else w
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        lines = lines[: max_lines - 1] + [(last if len(last) < width else last[: width - 1].rstrip()) + "…"]
    return lines


def box_size(lines: list[str], font_size: int) -> tuple[float, float]:
    """Width and height in pixels of a label of these lines."""
    w = max((len(s) for s in lines), default=0) * CHAR_EM * font_size + 2 * PAD
    h = len(lines) * LINE_EM * font_size + 2 * PAD
    return w, h


def place(
    x: np.ndarray, y: np.ndarray, radius: np.ndarray, titles: list[str], order: np.ndarray, room: Room
) -> list[Label]:
    """Labels for the marks at pixel positions ``x``, ``y`` (radius ``radius``), tried in ``order``.

    A label never overlaps another label, stays inside the room, never covers its own mark, and
    takes the spot that weighs least: the marks it covers plus its distance (SPOT_DISTANCE), so the
    nearest spot covering none is taken first, and a label beside its mark over one neighbour is
    preferred to one two rows away (a salient event in a crowd is labelled over its neighbours,
    which its background leaves faintly visible). Marks outside the room get no label.
    """
    x, y, r = np.asarray(x, float), np.asarray(y, float), np.asarray(radius, float)
    inside = (x >= 0) & (x <= room.width) & (y >= 0) & (y <= room.height)
    placed: list[Label] = []
    boxes = np.zeros((0, 4))  # x0, y0, x1, y1 of the labels placed
    tried = 0
    for i in (int(k) for k in order):
        if len(placed) >= room.max_labels or tried >= room.max_labels * room.candidates:
            break
        if not inside[i] or not str(titles[i]).strip():
            continue
        tried += 1
        lines = wrap(titles[i], room.wrap, room.max_lines)
        w, h = box_size(lines, room.font_size)
        best = None
        for dx, dy, side, distance in _spots(r[i], h):
            x0 = x[i] + dx if side == "left" else x[i] + dx - w
            y0 = y[i] + dy - h / 2
            b = (x0, y0, x0 + w, y0 + h)
            if b[0] < 0 or b[2] > room.width or b[1] < 0 or b[3] > room.height:
                continue
            if len(boxes) and _overlaps(boxes, b).any():
                continue
            if dy and len(boxes):  # the leader line, from the mark to the label, crosses no label either
                lead = (x[i] - 1, min(y[i], b[1]), x[i] + 1, max(y[i], b[3]))
                if _overlaps(boxes, lead).any():
                    continue
            covered = int(((x + r > b[0]) & (x - r < b[2]) & (y + r > b[1]) & (y - r < b[3])).sum())
            covered -= int(x[i] + r[i] > b[0] and x[i] - r[i] < b[2] and y[i] + r[i] > b[1] and y[i] - r[i] < b[3])
            cost = covered + distance
            if best is None or cost < best[0]:
                best = (cost, dx, dy, side, b)
            if covered == 0:
                break  # the spots further on are further away
        if best is None:  # no free spot: the event stays a mark with hover
            continue
        _, dx, dy, side, b = best
        boxes = np.vstack([boxes, b])
        placed.append(Label(i, "<br>".join(lines), float(dx), float(dy), side, leader=bool(dy != 0)))
    return placed


# What a spot's distance from its mark weighs against the marks a label there covers: a label beside its
# mark over one other mark reads better than one two rows away on a long leader line.
SPOT_DISTANCE = (0.0, 0.5, 1.25)


def _spots(radius: float, h: float):
    """Where a label may go, nearest first: (dx, dy, side, distance weight) from the mark's centre."""
    gap = radius + 4
    lift = h / 2 + radius + 6
    for k, dy in enumerate((0.0, -lift, lift, -(lift + h + 4), lift + h + 4)):
        for side in ("left", "right"):
            dx = gap if dy == 0 else radius / 2
            yield (dx if side == "left" else -dx), dy, side, SPOT_DISTANCE[(k + 1) // 2]


def _overlaps(boxes: np.ndarray, b: tuple) -> np.ndarray:
    return (boxes[:, 0] < b[2]) & (boxes[:, 2] > b[0]) & (boxes[:, 1] < b[3]) & (boxes[:, 3] > b[1])
