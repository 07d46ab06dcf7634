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

import html
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.layout import lane_px
from dashboard.style import LABEL_BG, REPORTED_ARROW_PX, UNDATED_DOMAIN, Look

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
    reach: int = 0  # further spots, up to this many label widths and heights away, on a leader line (0: none)


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
    x: np.ndarray,
    y: np.ndarray,
    radius: np.ndarray,
    titles: list[str],
    order: np.ndarray,
    room: Room,
    obstacles: np.ndarray | None = None,
) -> list[Label]:
    """Labels for the marks at pixel positions ``x``, ``y`` (radius ``radius``), tried in ``order``.

    A label never overlaps another label, stays inside the room, never covers its own mark, and
    takes the spot that weighs least: the marks it covers plus its distance (SPOT_DISTANCE), so the
    nearest spot covering none is taken first, and a label beside its mark over one neighbour is
    preferred to one two rows away (a salient event in a crowd is labelled over its neighbours,
    which its background leaves faintly visible). Marks outside the room get no label. ``obstacles``
    (x0, y0, x1, y1 in pixels, one a row) are kept clear like placed labels (the arrow of a reported mark).
    """
    x, y, r = np.asarray(x, float), np.asarray(y, float), np.asarray(radius, float)
    inside = (x >= 0) & (x <= room.width) & (y >= 0) & (y <= room.height)
    placed: list[Label] = []
    boxes = np.zeros((0, 4)) if obstacles is None else np.asarray(obstacles, float).reshape(-1, 4)  # kept clear
    tried = 0
    for i in (int(k) for k in order):
        if len(placed) >= room.max_labels or tried >= room.max_labels * room.candidates:
            break
        if not inside[i] or not str(titles[i]).strip():
            continue
        tried += 1
        head, _, tail = str(titles[i]).partition("\n")  # a line after a newline is kept whole, as its own
        lines = wrap(head, room.wrap, room.max_lines) + ([tail] if tail else [])
        w, h = box_size(lines, room.font_size)
        best = _best(i, _spots(r[i], h), x, y, r, w, h, boxes, room)
        if best is None and room.reach > 0:  # further out, on a leader line, only where no spot near is free
            best = _best(i, _far_spots(r[i], h, w, room.reach), x, y, r, w, h, boxes, room)
        if best is None:  # no free spot: the event stays a mark with hover
            continue
        _, dx, dy, side, b, leader = best
        boxes = np.vstack([boxes, b])
        placed.append(Label(i, "<br>".join(lines), float(dx), float(dy), side, leader=leader))
    return placed


def _best(i: int, spots, x, y, r, w: float, h: float, boxes: np.ndarray, room: Room):
    """The spot of ``spots`` for mark ``i``'s label that weighs least (the marks it covers plus its
    distance), as (cost, dx, dy, side, box, leader); None when none is free."""
    best = None
    gap = r[i] + 4
    for dx, dy, side, distance in spots:
        x0 = x[i] + dx if side == "left" else x[i] + dx - w
        y0 = y[i] + dy - h / 2
        b = (x0, y0, x0 + w, y0 + h)
        if b[0] < 0 or b[2] > room.width or b[1] < 0 or b[3] > room.height:
            continue
        if len(boxes) and _overlaps(boxes, b).any():
            continue
        leader = bool(dy != 0 or abs(dx) > gap + 0.5)
        if leader and len(boxes) and _crosses(boxes, x[i], y[i], x[i] + dx, y[i] + dy):
            continue  # the leader line, from the mark to the label, crosses no label either
        covered = int(((x + r > b[0]) & (x - r < b[2]) & (y + r > b[1]) & (y - r < b[3])).sum())
        covered -= int(x[i] + r[i] > b[0] and x[i] - r[i] < b[2] and y[i] + r[i] > b[1] and y[i] - r[i] < b[3])
        cost = covered + distance
        if best is None or cost < best[0]:
            best = (cost, dx, dy, side, b, leader)
        if covered == 0:
            break  # the spots further on are further away
    return best


# What a spot's distance from its mark weighs against the marks a label there covers: a label beside its
# mark over one other mark reads better than one two rows away on a long leader line.
SPOT_DISTANCE = (0.0, 0.5, 1.25)


FAR_STEPS = 3  # the further spots (``Room.reach``) lie on a grid of this many steps to a label's width and height


def _spots(radius: float, h: float):
    """Where a label may go, nearest first: (dx, dy, side, distance weight) from the mark's centre."""
    gap = radius + 4
    lift = h / 2 + radius + 6
    for k, dy in enumerate((0.0, -lift, lift, -(lift + h + 4), lift + h + 4)):
        for side in ("left", "right"):
            dx = gap if dy == 0 else radius / 2
            yield (dx if side == "left" else -dx), dy, side, SPOT_DISTANCE[(k + 1) // 2]


def _far_spots(radius: float, h: float, w: float, reach: int):
    """Spots further out (``Room.reach``), nearest first: on a grid of ``FAR_STEPS`` steps to a label's width
    across and to its height up and down, as far as ``reach`` label widths and heights; the label on the
    side away from its mark, so the leader line meets its edge."""
    gap = radius + 4
    far = []
    step_y, step_x = (h + 4) / FAR_STEPS, w / FAR_STEPS
    for j in range(-FAR_STEPS * reach, FAR_STEPS * reach + 1):
        for i in range(0, FAR_STEPS * reach + 1):
            dy = j * step_y
            for side in ("left", "right"):
                dx = gap + i * step_x
                far.append((float(np.hypot(i * step_x, dy)), dx if side == "left" else -dx, dy, side))
    far.sort(key=lambda t: (t[0], t[3]))
    for d, dx, dy, side in far:
        yield dx, dy, side, SPOT_DISTANCE[-1] + d / max(w, 1.0)


def _overlaps(boxes: np.ndarray, b: tuple) -> np.ndarray:
    return (boxes[:, 0] < b[2]) & (boxes[:, 2] > b[0]) & (boxes[:, 1] < b[3]) & (boxes[:, 3] > b[1])


def _crosses(boxes: np.ndarray, x0: float, y0: float, x1: float, y1: float, n: int = 16) -> bool:
    """Whether the line from (x0, y0) to (x1, y1) passes through one of ``boxes`` (points along it tested)."""
    t = np.linspace(0.0, 1.0, n)[:, None]
    px, py = x0 + (x1 - x0) * t, y0 + (y1 - y0) * t
    inside = (px > boxes[:, 0]) & (px < boxes[:, 2]) & (py > boxes[:, 1]) & (py < boxes[:, 3])
    return bool(inside.any())


# ---- on the chart ------------------------------------------------------------------------


def label_text(line: str) -> str:
    """A line of a title as annotation text: shown as it reads. Plotly reads markup in it ("<b>",
    entities) and typesets any "$...$" as LaTeX (which, without MathJax, draws nothing sized NaN):
    both are escaped."""
    return html.escape(line, quote=False).replace("$", "&#36;")


def annotate(
    fig: go.Figure,
    m: pd.DataFrame,
    events: pd.DataFrame,
    lanes: list[str],
    look: Look,
    view: tuple,
    left: int,
    strip: bool,
) -> list[str]:
    """Titles of the most salient events in view, as annotations beside their marks (placed by ``place``);
    returns the labelled event ids. ``view`` is the initial x range, ``left`` the left margin, ``strip``
    whether the undated strip takes the right of the plot."""
    first = m.drop_duplicates("event_id")  # an event in several lanes is labelled once, in its first
    ev = events.drop_duplicates("event_id").set_index(events["event_id"].astype(str).drop_duplicates())
    ev = ev.reindex(first["event_id"].to_numpy())
    share = (UNDATED_DOMAIN[0] - 0.015) if strip else 1.0
    width = (look.width - left - 10) * share
    height = lane_px(look, len(lanes), len(m)) * len(lanes)
    x, y, radius = _in_pixels(first, view, width, height, len(lanes), look)
    room = Room(
        width=width,
        height=height,
        font_size=look.label_font,
        max_labels=look.max_labels,
        wrap=look.label_wrap,
        max_lines=look.label_lines,
        reach=look.label_reach,
    )
    titles = label_titles(ev)
    rep = (first["kind"] == "reported").to_numpy()  # their arrows point left from the mark: kept clear
    arrow = REPORTED_ARROW_PX * look.marker_scale
    obstacles = np.column_stack([x - radius - arrow - 4, y - 4, x - radius, y + 4])[rep & (x >= 0)]
    placed = place(x, y, radius, titles, ranking(ev.reset_index(drop=True)), room, obstacles)
    xs, ys, ids = first["xm"].to_numpy(), first["y"].to_numpy(float), first["event_id"].to_numpy()
    notes = [_annotation(lab, xs[lab.index], float(ys[lab.index]), float(radius[lab.index]), look) for lab in placed]
    if notes:  # set at once: plotly checks every annotation again each time one is added; these are this
        # module's own, checked against the schema by the tests: not checked again here
        fig.layout._validate = False
        fig.layout.annotations = [a.to_plotly_json() for a in fig.layout.annotations] + notes
        fig.layout._validate = True
    return [str(ids[lab.index]) for lab in placed]


def label_titles(ev: pd.DataFrame) -> list[str]:
    """The text written beside each mark: its title; for an undated event placed at its report date (the
    brief's), the title and, on a line of its own, "reported by" that date, so it never reads as dated."""
    titles = ev["title"].fillna("").astype(str)
    if "reported_by" in ev:
        by = ev["reported_by"].fillna("").astype(str)
        titles = titles.where(by == "", titles + "\nreported by " + by)
    return titles.tolist()


def _in_pixels(first: pd.DataFrame, view: tuple, width: float, height: float, n_lanes: int, look: Look):
    """Each mark's middle (x, y) and radius in the plot's pixels; x is -1 (no label) for a bar across the view."""
    lo, hi = (np.datetime64(v, "m").astype(np.int64) for v in view)
    xm = np.asarray(first["xm"].to_numpy(), dtype="datetime64[m]").astype(np.int64)
    x = (xm - lo) / max(hi - lo, 1) * width
    y = (first["y"].to_numpy(float) + 0.5) / max(n_lanes, 1) * height
    radius = first["size"].to_numpy(float) * look.marker_scale / 2 + 1
    t0 = np.asarray(first["t0"].to_numpy(), dtype="datetime64[m]").astype(np.int64)
    t1 = np.asarray(first["t1"].to_numpy(), dtype="datetime64[m]").astype(np.int64)
    x = np.where((t0 <= lo) & (t1 >= hi), -1.0, x)  # a bar across the whole view is context: no label
    return x, y, radius


def _annotation(lab: Label, x, y: float, radius: float, look: Look) -> dict:
    """A placed label as a Plotly annotation: beside its mark, or joined to it by a leader line."""
    common = dict(
        x=x,
        y=round(y, 4),
        xref="x",
        yref="y",
        text="<br>".join(label_text(line) for line in lab.text.split("<br>")),
        xanchor=lab.side,
        yanchor="middle",
        align="left" if lab.side == "left" else "right",
        font=dict(size=look.label_font, color="#1A1A1A"),
        bgcolor=LABEL_BG,
        borderpad=1,
        name="label",
        captureevents=False,
    )
    if not lab.leader:
        return dict(showarrow=False, xshift=lab.dx, **common)
    return dict(
        showarrow=True,
        ax=lab.dx,
        ay=lab.dy,
        axref="pixel",
        ayref="pixel",
        arrowhead=0,
        arrowwidth=1,
        arrowcolor="#8A8A8A",
        standoff=radius,
        **common,
    )
