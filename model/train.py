"""Train the syntactic pipeline the extraction parses with, from Universal Dependencies English EWT.

    python model/train.py [--treebank ../shared/ud-ewt] [--out events/parsing/model]

One command, every setting in model/config.cfg: the treebank's train, dev and test files are converted to
spaCy's format, the pipeline is trained on train with its choices made on dev (the best dev checkpoint is kept),
and it is evaluated once on test. The test scores, the speed, the size, the data and its license are written into
the shipped pipeline's meta.json, and the figures are printed. Needs spaCy and, for the lemmatizer's tables at
training time only, spacy-lookups-data (`make model` installs both).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPLITS = ("train", "dev", "test")
SOURCE = {
    "name": "Universal Dependencies English EWT",
    "url": "https://github.com/UniversalDependencies/UD_English-EWT",
    "commit": "15d613d8447b3478787d4c278730a1e48a945efb",
    "license": "CC BY-SA 4.0",
    "author": "Silveira et al. 2014, A Gold Standard Dependency Corpus for English; UD English EWT contributors",
}


def convert(treebank: Path, work: Path) -> dict[str, Path]:
    """The treebank's .conllu files as spaCy DocBins (10 sentences a document, so the parser learns where
    sentences end)."""
    from spacy.tokens import DocBin
    from spacy.training.converters import conllu_to_docs

    out = {}
    for split in SPLITS:
        src = treebank / f"en_ewt-ud-{split}.conllu"
        docs = conllu_to_docs(src.read_text(encoding="utf8"), n_sents=10, no_print=True)
        out[split] = work / f"{split}.spacy"
        DocBin(docs=docs, store_user_data=False).to_disk(out[split])
    return out


def words_per_second(nlp, docs, repeat: int = 3) -> float:
    """Words parsed per second on one process, the best of ``repeat`` passes over the texts."""
    texts = [d.text for d in docs]
    n = sum(len(d) for d in docs)
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=64):
            pass
        best = min(best, time.perf_counter() - t0)
    return n / best


def size_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--treebank", type=Path, default=ROOT.parent / "shared" / "ud-ewt")
    ap.add_argument("--out", type=Path, default=ROOT / "events" / "parsing" / "model")
    ap.add_argument("--work", type=Path, default=ROOT / "model" / "work")
    args = ap.parse_args(argv)

    import spacy
    from spacy.cli.train import train
    from spacy.tokens import DocBin
    from spacy.training import Corpus

    if not (args.treebank / "en_ewt-ud-train.conllu").is_file():
        print(f"no EWT treebank in {args.treebank}: pass --treebank DIR (the folder with en_ewt-ud-*.conllu)")
        return 2
    args.work.mkdir(parents=True, exist_ok=True)
    data = convert(args.treebank, args.work)
    started = time.perf_counter()
    train(
        ROOT / "model" / "config.cfg",
        args.work / "trained",
        overrides={
            "paths.train": str(data["train"]),
            "paths.dev": str(data["dev"]),
            "paths.tag_map": str(ROOT / "model" / "tag_map.json"),
            "paths.rules": str(ROOT / "model" / "rules.json"),
        },
    )
    minutes = (time.perf_counter() - started) / 60
    best = args.work / "trained" / "model-best"
    nlp = spacy.load(best)
    examples = list(Corpus(str(data["test"]))(nlp))
    scores = nlp.evaluate(examples)
    test_docs = list(DocBin().from_disk(data["test"]).get_docs(nlp.vocab))
    full = words_per_second(nlp, test_docs)
    with nlp.select_pipes(disable=["parser"]):
        no_parser = words_per_second(nlp, test_docs)

    meta = nlp.meta
    meta.update(
        name="ewt_news_parser",
        version=spacy.__version__.rsplit(".", 1)[0] + ".0",
        description="Tagger and dependency parser for event extraction, trained from UD English EWT (model/).",
        license=SOURCE["license"],
        sources=[SOURCE],
        performance_test={
            k: scores.get(k) for k in ("tag_acc", "pos_acc", "lemma_acc", "dep_uas", "dep_las", "sents_f")
        },
        dep_las_per_type_test={
            k: round(v["f"], 4) for k, v in (scores.get("dep_las_per_type") or {}).items() if k in LABELS_OF_INTEREST
        },
        speed_words_per_second={"full": round(full), "parser_off": round(no_parser), "processes": 1},
        training_minutes=round(minutes, 1),
    )
    nlp.meta = meta
    if args.out.exists():
        shutil.rmtree(args.out)
    nlp.to_disk(args.out)
    meta["size_bytes"] = size_bytes(args.out)
    (args.out / "meta.json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf8")
    report = {
        "EWT test": meta["performance_test"],
        "words/s (one process)": meta["speed_words_per_second"],
        "training minutes": meta["training_minutes"],
        "size MB": round(meta["size_bytes"] / 1e6, 2),
        "saved to": str(args.out),
    }
    print(json.dumps(report, indent=2))
    return 0


LABELS_OF_INTEREST = {"nsubj", "nsubj:pass", "obj", "obl", "obl:tmod", "obl:unmarked", "ccomp", "advcl", "nmod", "conj"}

if __name__ == "__main__":
    sys.exit(main())
