"""Read TimeML (.tml) files: the plain text of <TEXT>, the creation date, and the gold TIMEX3 tags."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str = ""
    tid: str = ""


@dataclass(frozen=True)
class TimemlDoc:
    doc_id: str
    text: str
    dct: dt.date | None
    timexes: tuple[GoldTimex, ...]


def _parse_dct(root: ET.Element) -> dt.date | None:
    for tx in root.iter("TIMEX3"):
        if tx.get("functionInDocument") == "CREATION_TIME":
            value = (tx.get("value") or "")[:10]
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                return None
    return None


def read_tml(path: str | Path) -> TimemlDoc:
    """Parse one TimeML file; offsets of the gold timexes index into the plain TEXT string."""
    path = Path(path)
    root = ET.parse(path).getroot()
    body = root.find("TEXT")
    if body is None:
        raise ValueError(f"{path}: no <TEXT> element")
    parts: list[str] = [body.text or ""]
    pos = len(parts[0])
    gold: list[GoldTimex] = []

    def walk(elem: ET.Element) -> None:
        nonlocal pos
        for child in elem:
            start = pos
            inner = child.text or ""
            parts.append(inner)
            pos += len(inner)
            walk(child)
            if child.tag == "TIMEX3":
                surface = "".join(parts)[start:pos]
                gold.append(
                    GoldTimex(
                        start,
                        pos,
                        surface,
                        child.get("type", ""),
                        child.get("value", ""),
                        child.get("mod", ""),
                        child.get("tid", ""),
                    )
                )
            tail = child.tail or ""
            parts.append(tail)
            pos += len(tail)

    walk(body)
    docid = root.findtext("DOCID") or path.stem
    return TimemlDoc(docid.strip(), "".join(parts), _parse_dct(root), tuple(gold))


def read_dir(folder: str | Path) -> list[TimemlDoc]:
    """Every .tml file of a folder, sorted by name."""
    return [read_tml(p) for p in sorted(Path(folder).glob("*.tml"))]
