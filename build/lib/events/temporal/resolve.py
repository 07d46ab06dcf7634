"""Phase 2: complete an underspecified value against the reference date and the tense.

Values phase 1 emits, and what becomes of them here:
  1998-10-31, 1998-Q3, 199, ...      explicit: checked (no month 13, no February 30) and kept
  XXXX-10-31, XXXX-Q3, XXXX-SU       yearless: the year that puts it nearest the reference date in
                                     the direction of the tense (either way when the dct is an estimate)
  LAST:/NEXT:/THIS: + yearless       the previous / next / current occurrence
  XXXX-WXX-5                         a weekday: the last one (past), the next one (future), else the nearest
  UNDEF-this-week-MINUS-1            the reference date's week, shifted; a suffix (-Q3, TMO) follows
  ANCHOR-quarter[-MINUS-1-year]      the latest quarter mentioned before, else the last completed one
  P3Y, PRESENT_REF, ...              kept as they are
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Resolved:
    value: str
    date_start: dt.date | None
    date_end: dt.date | None
    precision: str
    basis: str  # explicit | relative | ""
    valid: bool = True


INVALID = Resolved("", None, None, "", "", valid=False)
# A yearless date follows the tense of its sentence only while that keeps it this close to the
# reference date; beyond, the nearest occurrence wins ("payable Dec. 15" in a November article).
TENSE_REACH_DAYS = 240
_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


# ---- intervals of complete values -------------------------------------------------------------


def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def _add_months(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


_DECADE = re.compile(r"\d{3}")
_CENTURY = re.compile(r"\d{2}")
_ABSOLUTE = re.compile(r"^\d{2,4}(?:-|T|$)")
_FULL = re.compile(r"^(\d{4})(?:-(\d\d)(?:-(\d\d))?|-Q([1-4])|-H([12])|-(SP|SU|FA|WI)|-W(\d\d)(-WE)?)?(T.*)?$")


def interval(value: str) -> tuple[dt.date, dt.date, str] | None:
    """(first day, last day, precision) of a complete TIMEX3 date value; None if not a real date."""
    try:
        if _DECADE.fullmatch(value):
            y = int(value) * 10
            return dt.date(y, 1, 1), dt.date(y + 9, 12, 31), "decade"
        if _CENTURY.fullmatch(value):
            y = int(value) * 100
            return dt.date(max(y, 1), 1, 1), dt.date(y + 99, 12, 31), "decade"
        m = _FULL.match(value)
        if not m:
            return None
        y = int(m.group(1))
        if m.group(3):
            d = dt.date(y, int(m.group(2)), int(m.group(3)))
            return d, d, "day"
        if m.group(2):
            mo = int(m.group(2))
            return dt.date(y, mo, 1), _month_end(y, mo), "month"
        if m.group(4):
            q = int(m.group(4))
            return dt.date(y, 3 * q - 2, 1), _month_end(y, 3 * q), "quarter"
        if m.group(5):
            h = int(m.group(5))
            return dt.date(y, 6 * h - 5, 1), _month_end(y, 6 * h), "year"
        if m.group(6):
            s = _SEASON_START[m.group(6)]
            ey, em = _add_months(y, s, 2)
            return dt.date(y, s, 1), _month_end(ey, em), "quarter"
        if m.group(7):
            monday = dt.date.fromisocalendar(y, int(m.group(7)), 1)
            if m.group(8):
                return monday + dt.timedelta(5), monday + dt.timedelta(6), "week"
            return monday, monday + dt.timedelta(6), "week"
        return dt.date(y, 1, 1), dt.date(y, 12, 31), "year"
    except ValueError:
        return None


# ---- shifting the reference date by calendar units --------------------------------------------


def shifted(dct: dt.date, unit: str, n: int) -> str | None:
    """The value of the unit containing dct, moved n units (unit: day, week, month, ...)."""
    try:
        if unit in ("day", "hour", "minute", "second"):
            if unit != "day":
                return (dct if n == 0 else dct - dt.timedelta(days=0)).isoformat()
            return (dct + dt.timedelta(days=n)).isoformat()
        if unit in ("week", "weekend"):
            y, w, _ = (dct + dt.timedelta(weeks=n)).isocalendar()
            return f"{y}-W{w:02d}" + ("-WE" if unit == "weekend" else "")
        if unit == "month":
            y, m = _add_months(dct.year, dct.month, n)
            return f"{y:04d}-{m:02d}"
        if unit == "quarter":
            y, m = _add_months(dct.year, dct.month, 3 * n)
            return f"{y:04d}-Q{(m - 1) // 3 + 1}"
        if unit == "year":
            return f"{dct.year + n:04d}"
        if unit == "decade":
            return f"{dct.year // 10 + n:03d}"
        if unit == "century":
            return f"{dct.year // 100 + n:02d}"
        if unit == "millennium":
            return f"{dct.year // 1000 + n}"
    except (ValueError, OverflowError):
        return None
    return None


# ---- yearless values -----------------------------------------------------------------------


def _holiday(y: int, code: str) -> str | None:
    """'12-25' / '11-4TH4' (4th Thursday) / '05-LAST1' / 'EASTER+1' / '11-ELECTION' in year y."""
    if code.startswith("EASTER"):
        a, b, c = y % 19, y // 100, y % 100
        d, e = b // 4, b % 4
        g = (8 * b + 13) // 25
        h = (19 * a + b - d - g + 15) % 30
        i, k = c // 4, c % 4
        l_ = (32 + 2 * e + 2 * i - h - k) % 7
        m = (a + 11 * h + 19 * l_) // 433
        month = (h + l_ - 7 * m + 90) // 25
        day = (h + l_ - 7 * m + 33 * month + 19) % 32
        return (dt.date(y, month, day) + dt.timedelta(int(code[6:] or 0))).isoformat()
    mo, _, rest = code.partition("-")
    month = int(mo)
    if rest.isdigit():
        return f"{y:04d}-{month:02d}-{int(rest):02d}"
    if rest == "ELECTION":  # Tuesday after the first Monday
        first = dt.date(y, month, 1)
        monday = first + dt.timedelta((7 - first.weekday()) % 7)
        return (monday + dt.timedelta(1)).isoformat()
    m = re.fullmatch(r"(\d)TH(\d)|LAST(\d)", rest)
    if not m:
        return None
    if m.group(3):
        wd = int(m.group(3))
        last = _month_end(y, month)
        return (last - dt.timedelta((last.isoweekday() - wd) % 7)).isoformat()
    nth, wd = int(m.group(1)), int(m.group(2))
    first = dt.date(y, month, 1)
    return (first + dt.timedelta((wd - first.isoweekday()) % 7 + 7 * (nth - 1))).isoformat()


def _in_year(rest: str, y: int) -> str | None:
    if rest.startswith("H:"):
        return _holiday(y, rest[2:])
    return f"{y:04d}-{rest}"


def pick(options: list[tuple[str, dt.date, dt.date]], dct: dt.date, how: str):
    """Choose among (value, start, end) occurrences: past, future, nearest, LAST, NEXT, THIS."""
    if not options:
        return None
    if how == "LAST":
        prior = [o for o in options if o[2] < dct]
        return max(prior, key=lambda o: o[1]) if prior else None
    if how == "NEXT":
        later = [o for o in options if o[1] > dct]
        return min(later, key=lambda o: o[1]) if later else None
    containing = [o for o in options if o[1] <= dct <= o[2]]
    if containing:
        return containing[0]

    def distance(o):
        return (o[1] - dct).days if o[1] > dct else (dct - o[2]).days

    nearest = min(options, key=distance)
    chosen = None
    if how == "past":
        prior = [o for o in options if o[1] <= dct]
        chosen = max(prior, key=lambda o: o[1]) if prior else None
    elif how == "future":
        later = [o for o in options if o[2] >= dct]
        chosen = min(later, key=lambda o: o[1]) if later else None
    # the tense decides only while its choice stays within TENSE_REACH days of the reference date
    if chosen is None or distance(chosen) > TENSE_REACH_DAYS:
        return nearest
    return chosen


def _yearless(rest: str, dct: dt.date, how: str) -> str | None:
    time = ""
    if "T" in rest and not rest.startswith("H:"):
        rest, time = rest.split("T", 1)
        time = "T" + time
    if how == "THIS":
        v = _in_year(rest, dct.year)
        return v + time if v and interval(v) else None
    options = []
    for y in (dct.year - 1, dct.year, dct.year + 1):
        v = _in_year(rest, y)
        iv = interval(v) if v else None
        if iv:
            options.append((v, iv[0], iv[1]))
    chosen = pick(options, dct, how)
    return chosen[0] + time if chosen else None


def _weekday(wd: int, time: str, dct: dt.date, how: str) -> str:
    delta = wd - dct.isoweekday()
    if how == "THIS":
        day = dct + dt.timedelta(delta)
    elif how == "NEXT" or how == "future":
        ahead = delta % 7
        if ahead == 0 and how == "NEXT":
            ahead = 7
        day = dct + dt.timedelta(ahead or (7 if how == "NEXT" else 0))
    elif how == "LAST":
        day = dct - dt.timedelta((-delta) % 7 or 7)
    elif how == "nearest":  # no tense to go by: the closer occurrence, the past one on a tie
        back, ahead = (-delta) % 7, delta % 7
        day = dct - dt.timedelta(back) if back <= ahead else dct + dt.timedelta(ahead)
    else:
        day = dct - dt.timedelta((-delta) % 7)
    return day.isoformat() + time


# ---- the entry point -----------------------------------------------------------------------

_UNDEF = re.compile(r"^UNDEF-(this|REF)-([a-z]+)(?:-(PLUS|MINUS)-([\dX.]+))?(.*)$")
_ANCHOR = re.compile(r"^ANCHOR-quarter(-MINUS-1-year)?$")
_WEEKDAY = re.compile(r"^XXXX-WXX-(\d)(T.*)?$")


def complete(value: str, basis: str) -> Resolved:
    """A value with its interval, or INVALID when it names an impossible date."""
    iv = interval(value)
    if iv is None:
        return INVALID
    return Resolved(value, iv[0], iv[1], iv[2], basis)


def resolve(
    value: str, dct: dt.date | None, how: str = "", anchor_quarter: str | None = None, is_date: bool = True
) -> Resolved:
    """Complete one underspecified value. how: 'past', 'future' or '' (nearest)."""
    if not value:
        return INVALID
    if not is_date or value.endswith("_REF") or value.startswith("P"):
        return Resolved(value, None, None, "", "")
    if _ABSOLUTE.match(value):
        return complete(value, "explicit")
    rel = ""
    if value[:5] in ("LAST:", "NEXT:", "THIS:"):
        rel, value = value[:4], value[5:]
    if dct is None:
        if value.startswith("XXXX-") and "H:" not in value:
            return _check_unresolved(value)
        return Resolved(("" if not rel else rel + ":") + value, None, None, "", "")
    direction = rel or how
    m = _WEEKDAY.match(value)
    if m:
        return complete(_weekday(int(m.group(1)), m.group(2) or "", dct, direction), "relative")
    if value.startswith("XXXX-"):
        v = _yearless(value[5:], dct, direction)
        return complete(v, "relative") if v else INVALID
    m = _UNDEF.match(value)
    if m:
        _, unit, sign, n, suffix = m.groups()
        if n == "X" or n is None and sign:
            if unit == "year" and sign == "MINUS":  # "a few years ago": 199X
                return Resolved(f"{dct.year // 10}X", None, None, "", "")
            ref = "PAST_REF" if sign == "MINUS" else "FUTURE_REF"
            return Resolved(ref, None, None, "", "")
        k = int(round(float(n))) if n else 0
        if unit == "year" and sign == "MINUS" and k == 1 and anchor_quarter and m.group(1) == "REF":
            y, q = anchor_quarter.split("-")
            return complete(f"{int(y) - 1}-{q}", "relative")
        v = shifted(dct, unit, -k if sign == "MINUS" else k)
        if v is None:
            return INVALID
        if suffix.startswith("-") and len(v) == 4:
            if re.fullmatch(r"-\d\d", suffix) and interval(v + suffix) is None:
                return INVALID
            v += suffix
        elif suffix.startswith("T"):
            v = shifted(dct, "day", 0) + suffix if unit != "day" else v + suffix
        return complete(v, "relative")
    m = _ANCHOR.match(value)
    if m:
        base = anchor_quarter or shifted(dct, "quarter", -1)
        if m.group(1):
            y, q = base.split("-")
            base = f"{int(y) - 1}-{q}" if anchor_quarter else f"{dct.year - 1}"
        return complete(base, "relative")
    return Resolved(value, None, None, "", "")


def _check_unresolved(value: str) -> Resolved:
    """Without a reference date a yearless value stays as it is, but must be possible in some year."""
    core = value[5:].split("T")[0]
    if re.fullmatch(r"\d\d-\d\d", core):
        if interval(f"2000-{core}") is None:  # 2000 is a leap year: February 29 passes
            return INVALID
    elif re.fullmatch(r"\d\d", core) and interval(f"2000-{core}") is None:
        return INVALID
    return Resolved(value, None, None, "", "")
