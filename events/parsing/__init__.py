"""Parsing: sentences -> spaCy ``Doc``s with part-of-speech tags, lemmas and a dependency tree.

The pipeline is trained here from Universal Dependencies English EWT (``model/``: config, tag map, the one
command that trains it) and ships in ``events/parsing/model`` (about 4 MB; its ``meta.json`` holds its test
scores, its speed and the treebank's license). It is loaded once per process (``nlp()``) and parses only the
sentences that can hold an event (``extraction.extract`` picks them), in small batches.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

MODEL = Path(__file__).resolve().parent / "model"
BATCH = 128  # sentences per nlp.pipe batch (at most 1,500 characters each: memory stays small)


class ModelMissing(RuntimeError):
    """The trained pipeline is not where the package expects it."""


@lru_cache(maxsize=1)
def nlp():
    """The trained pipeline, loaded once per process."""
    import spacy

    if not (MODEL / "meta.json").is_file():
        raise ModelMissing(f"no trained parser in {MODEL}: run `make model` to train it from UD English EWT")
    # the lemmatizer stays in the model (its lemmas are scored on EWT) but is not run: the extraction needs
    # only verbs' lemmas and looks them up by word (lemminflect), which costs a sixth less of the parse
    return spacy.load(MODEL, exclude=["lemmatizer"])


def meta() -> dict:
    """The shipped pipeline's meta.json: its sources, license, test scores and speed."""
    return json.loads((MODEL / "meta.json").read_text(encoding="utf8"))


def parse(texts: list[str]) -> list:
    """One parsed ``Doc`` per text, in order."""
    if not texts:
        return []
    return list(nlp().pipe(texts, batch_size=BATCH))
