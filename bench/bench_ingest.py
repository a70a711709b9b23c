"""Ingestion speed: documents per second for reading (and reading + claim extraction) by format.

    .venv/bin/python -m bench.bench_ingest [--repeat N] [--no-big]

Reads the 80 news stories of ../shared/eval/fakehealth_news_sample (written out as .txt and as .html
pages in a temporary folder), the 94 PMC articles of ../shared/eval/evidence_inference/ev2_test_txt,
and the seed article as a two-page PDF, a PubMed record and a JATS article built here; then one
50 MB text and one 5 MB single-line text (the size guards). Prints one line per set.
"""

from __future__ import annotations

import argparse
import html
import json
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
from settings import SETTINGS  # noqa: E402

from extract.readers import read_document  # noqa: E402

EVAL = SETTINGS.eval_dir


def news_files(tmp: Path) -> tuple[list[Path], list[Path]]:
    src = EVAL / "fakehealth_news_sample" / "healthstory_oncology_trials.jsonl"
    txts, pages = [], []
    for i, line in enumerate(src.read_text(encoding="utf-8").splitlines()):
        story = json.loads(line)
        txt = tmp / f"story{i:02d}.txt"
        txt.write_text(f"{story['title']}\n\n{story['text']}", encoding="utf-8")
        paras = "".join(f"<p>{html.escape(p)}</p>" for p in story["text"].split("\n") if p.strip())
        page = tmp / f"story{i:02d}.html"
        page.write_text(f"<html><head><title>{html.escape(story['title'])}</title><script>x=1</script></head>"
                        f"<body><nav>Home</nav><article><h1>{html.escape(story['title'])}</h1>{paras}</article>"
                        f"</body></html>", encoding="utf-8")
        txts.append(txt)
        pages.append(page)
    return txts, pages


def seed_formats(tmp: Path) -> list[Path]:
    """The seed as PDF, PubMed XML and JATS XML, built with the test suite's own fixture code."""
    from tests.extract.readers.test_formats import make_pdf, seed_jats_xml, seed_paragraphs, seed_pubmed_xml

    paras = seed_paragraphs()
    pdf = tmp / "seed.pdf"
    make_pdf([paras[:4], paras[4:]], pdf)
    pubmed = tmp / "seed-pubmed.xml"
    pubmed.write_text(seed_pubmed_xml(), encoding="utf-8")
    jats = tmp / "seed-jats.nxml"
    jats.write_text(seed_jats_xml(), encoding="utf-8")
    return [pdf, pubmed, jats]


def measure(name: str, files: list[Path], repeat: int, extract) -> None:
    if not files:
        print(f"{name:28s} (no files)")
        return
    chars = 0
    start = time.perf_counter()
    for _ in range(repeat):
        docs = [read_document(p) for p in files]
    read_s = (time.perf_counter() - start) / repeat
    chars = sum(len(d.text) for d in docs)
    line = f"{name:28s} {len(files):4d} docs  {chars / 1e6:7.2f} M chars  read {len(files) / read_s:8.1f} docs/s"
    if extract is not None:
        start = time.perf_counter()
        n_claims = sum(len(extract(d)) for d in docs)
        both_s = read_s + (time.perf_counter() - start)
        line += f"  read+extract {len(files) / both_s:7.1f} docs/s  ({n_claims} claims)"
    print(line, flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=1, help="read each set N times and average")
    ap.add_argument("--no-big", action="store_true", help="skip the 50 MB and 5 MB size-guard files")
    args = ap.parse_args()
    try:
        from extract import extract_claims
    except ImportError:
        extract_claims = None
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        txts, pages = news_files(tmp)
        pmc = sorted((EVAL / "evidence_inference" / "ev2_test_txt").glob("PMC*.txt"))
        measure("news .txt (fakehealth)", txts, args.repeat, extract_claims)
        measure("news .html (fakehealth)", pages, args.repeat, extract_claims)
        measure("PMC .txt (evidence inf.)", pmc, args.repeat, extract_claims)
        fmts = seed_formats(tmp)
        for p in fmts:
            measure(f"seed {p.suffix} ({p.stem})", [p], max(args.repeat, 5), extract_claims)
        if not args.no_big:
            big = tmp / "big.txt"
            unit = (REPO / "corpus" / "medical-dialogues_blinatumomab-infant-all.txt").read_bytes()
            big.write_bytes((unit * (50 * 1024 * 1024 // len(unit) + 1))[: 50 * 1024 * 1024])
            one = tmp / "oneline.txt"
            sentence = b"Two-year disease-free survival was 81.6% (95% CI, 70.6 to 88.6) among 30 infants. "
            one.write_bytes((sentence * (5 * 1024 * 1024 // len(sentence) + 1))[: 5 * 1024 * 1024])
            for p in (big, one):
                start = time.perf_counter()
                doc = read_document(p)
                print(f"{p.name:28s} {p.stat().st_size / 1e6:6.1f} MB  read in {time.perf_counter() - start:6.2f} s  "
                      f"({len(doc.boilerplate)} boilerplate spans)", flush=True)


if __name__ == "__main__":
    main()
