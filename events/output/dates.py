"""The store's dates: Arrow ``date32`` in Parquet, ISO ``YYYY-MM-DD`` text in CSV, ``datetime.date`` in frames.

The date columns (``DATE_COLUMNS``: an event's and a mention's ``date_start`` and ``date_end``, a document's
``published``) are typed in the Parquet tables, null where unknown, so ``pandas.read_parquet`` gives
``datetime.date`` values (None where unknown) and DuckDB ``DATE``s without any parsing. The CSV copy writes
them as ISO text, empty where unknown (``as_text``).

This module is the one place a stored date is read from text: a CSV cell, or a Parquet table written before
dates were typed (they held ISO text, empty where unknown). ``as_arrow`` turns either, or typed values, into
a ``date32`` array; ``as_dates`` into a frame's column of ``datetime.date``; ``typed`` and ``typed_table`` do it
to every date column of a frame or an Arrow table. Text that is not a date reads as unknown.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

DATE_COLUMNS = ("date_start", "date_end", "published")


def to_date(value) -> dt.date | None:
    """One stored date cell as a date: a date (a datetime or Timestamp gives its day), ISO text
    (``YYYY-MM-DD``, a longer ISO stamp read to its day), or None where unknown ('', None, NaN, NaT,
    text that is not a date)."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, np.datetime64):
        return None if np.isnat(value) else pd.Timestamp(value).date()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def to_text(value) -> str:
    """One date cell as CSV and labels write it: ``YYYY-MM-DD``, '' where unknown."""
    d = to_date(value)
    return d.isoformat() if d is not None else ""


def as_arrow(values) -> pa.Array:
    """Dates (an Arrow array or chunked array, a pandas Series, a list) as an Arrow ``date32`` array, null where
    unknown. Typed values are cast; text is read as ISO dates, '' and malformed text as unknown."""
    if isinstance(values, pd.Series):
        values = _from_pandas(values)
    elif not isinstance(values, (pa.Array, pa.ChunkedArray)):
        values = _from_pandas(pd.Series(list(values), dtype=object))
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks() if values.num_chunks else pa.array([], pa.date32())
    t = values.type
    if pa.types.is_dictionary(t):
        values, t = values.cast(t.value_type), t.value_type
    if pa.types.is_date32(t):
        return values
    if pa.types.is_null(t):
        return pa.nulls(len(values), pa.date32())
    if pa.types.is_date(t) or pa.types.is_timestamp(t):
        return values.cast(pa.date32())
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return _parse(values.cast(pa.string()))
    raise TypeError(f"not dates: {t}")


def _from_pandas(s: pd.Series) -> pa.Array:
    if s.dtype == object:
        try:  # dates and None (a frame's own), or text (a store written before dates were typed)
            return pa.array(s, from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):  # a mix: each cell on its own
            return pa.array([to_date(v) for v in s], pa.date32())
    return pa.array(s, from_pandas=True)


def _parse(text: pa.Array) -> pa.Array:
    """ISO text -> date32 (the first ten characters; '', null and malformed text -> null)."""
    text = pc.utf8_slice_codeunits(text, 0, 10)
    text = pc.if_else(pc.equal(text, ""), pa.scalar(None, pa.string()), text)
    try:  # Arrow's ISO parser: twice as fast as strptime; it refuses anything but dates
        stamps = pc.cast(text, pa.timestamp("s"))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):  # a malformed date somewhere: unknown, as strptime reads it
        stamps = pc.strptime(text, format="%Y-%m-%d", unit="s", error_is_null=True)
    return pc.cast(stamps, pa.date32())


def as_dates(values: pd.Series) -> pd.Series:
    """A frame's date column as ``datetime.date`` values (None where unknown), same index."""
    out = as_arrow(values).to_pandas(date_as_object=True)
    return pd.Series(out.to_numpy(dtype=object), index=values.index, name=values.name, dtype=object)


def as_text(values: pd.Series) -> pd.Series:
    """A frame's date column as ISO text, '' where unknown (what CSV holds), same index."""
    text = pc.fill_null(as_arrow(values).cast(pa.string()), "")
    return pd.Series(text.to_numpy(zero_copy_only=False), index=values.index, name=values.name, dtype=object)


def as_timestamps(values: pd.Series) -> pd.Series:
    """A frame's date column as pandas timestamps (``datetime64[us]``, NaT where unknown), same index."""
    stamps = as_arrow(values).cast(pa.timestamp("us")).to_pandas()
    return pd.Series(stamps.to_numpy(), index=values.index, name=values.name)


def typed(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with each of its date columns as ``datetime.date`` values (a copy when one changes)."""
    cols = [c for c in DATE_COLUMNS if c in df.columns]
    if not cols:
        return df
    return df.assign(**{c: as_dates(df[c]) for c in cols})


def typed_table(table: pa.Table) -> pa.Table:
    """``table`` with each of its date columns as ``date32`` (text, as older stores hold, read as dates)."""
    for c in DATE_COLUMNS:
        if c in table.column_names:
            i = table.column_names.index(c)
            if not pa.types.is_date32(table.schema.field(i).type):
                table = table.set_column(i, pa.field(c, pa.date32()), as_arrow(table.column(i)))
    return table
