"""Verdict accuracy on the numeric challenge subset of Check-COVID (real news claims vs abstracts).

    python -m evaluation.check_covid [--eval DIR] [--hashing] [--all-abstracts] [--show]

Builds a temporary index (in /tmp) of the abstracts the claims are checked against (each a journal
document of its own study), runs verify() on every claim, and prints accuracy and the confusion
matrix. Label mapping: our `supported` -> SUPPORT; `contradicted` and `misleading` -> REFUTE (a
misleading figure is a refuted reading of the source); `not_found` -> NEI, which Check-COVID's
no-NEI subset never uses, so it counts as an error in the strict accuracy and is reported apart.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from settings import SETTINGS

DEFAULT_EVAL = SETTINGS.eval_dir / "check_covid"
SUBSETS = ("covidCheck_test_extracted_noNEI_numeric.json", "covidCheck_test_composed_noNEI_numeric.json")
OURS_TO_THEIRS = {"supported": "SUPPORT", "contradicted": "REFUTE", "misleading": "REFUTE", "not_found": "NEI"}


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load(eval_dir: Path) -> tuple[list[dict], dict[str, dict]]:
    sub = eval_dir / "challenge_subset"
    if not sub.is_dir():
        raise SystemExit(f"Check-COVID not found at {eval_dir} (expected ../shared/eval/check_covid); "
                         "pass --eval DIR")
    claims = [c for name in SUBSETS for c in read_jsonl(sub / name)]
    corpus = {r["cord_id"]: r for r in read_jsonl(eval_dir / "corpus.json")}
    return claims, corpus


def write_abstracts(corpus: dict[str, dict], cord_ids: list[str], folder: Path) -> None:
    """One .txt per abstract (title, blank line, sentences) with a sidecar naming it a journal text."""
    folder.mkdir(parents=True, exist_ok=True)
    for cid in cord_ids:
        r = corpus[cid]
        text = f"{r['title'].strip()}\n\n" + " ".join(s.strip() for s in r["abstract"])
        (folder / f"{cid}.txt").write_text(text + "\n", encoding="utf-8")
        meta = {"title": r["title"].strip(), "kind": "journal", "source": "CORD-19", "study": f"cord-{cid}"}
        (folder / f"{cid}.meta.json").write_text(json.dumps(meta), encoding="utf-8")


def evaluate(claims: list[dict], idx, verify) -> list[dict]:
    rows = []
    for c in claims:
        t0 = time.perf_counter()
        v = verify(c["claim"], idx)
        ms = (time.perf_counter() - t0) * 1000
        decided = [f for f in v.figures if f.claim is not None]
        doc = decided[0].claim.doc_id if decided else ""
        rows.append({"id": c["id"], "gold": c["label"], "ours": v.verdict, "mapped": OURS_TO_THEIRS[v.verdict],
                     "claim": c["claim"], "cord_id": c["cord_id"], "decided_by": doc, "ms": ms,
                     "figures": [(f.figure, f.status, f.explanation) for f in v.figures], "is_auth": c["is_auth"]})
    return rows


def report(rows: list[dict], doc_to_cord: dict[str, str]) -> str:
    n = len(rows)
    correct = sum(r["mapped"] == r["gold"] for r in rows)
    decided = [r for r in rows if r["mapped"] != "NEI"]
    dec_correct = sum(r["mapped"] == r["gold"] for r in decided)
    false_support = sum(r["gold"] == "REFUTE" and r["mapped"] == "SUPPORT" for r in rows)
    refutes = sum(r["gold"] == "REFUTE" for r in rows)
    right_doc = sum(doc_to_cord.get(r["decided_by"]) == r["cord_id"] for r in decided)
    conf = Counter((r["gold"], r["ours"]) for r in rows)
    lines = [f"Check-COVID numeric challenge subset: {n} claims "
             f"({sum(r['is_auth'] for r in rows)} extracted from news, {sum(not r['is_auth'] for r in rows)} composed)",
             f"strict accuracy (not_found counts as wrong): {correct}/{n} = {correct / n:.1%}",
             f"decided (not not_found): {len(decided)}/{n} = {len(decided) / n:.1%}; "
             f"accuracy on decided: {dec_correct}/{len(decided) if decided else 1} = "
             f"{(dec_correct / len(decided)) if decided else 0:.1%}",
             f"REFUTE claims called supported (the worst error): {false_support}/{refutes}",
             f"deciding passage from the gold abstract: {right_doc}/{len(decided)}",
             "", "confusion (rows: gold; columns: ours)",
             f"{'':>8} {'supported':>10} {'contradicted':>13} {'misleading':>11} {'not_found':>10}"]
    for gold in ("SUPPORT", "REFUTE"):
        cells = [conf[(gold, o)] for o in ("supported", "contradicted", "misleading", "not_found")]
        lines.append(f"{gold:>8} {cells[0]:>10} {cells[1]:>13} {cells[2]:>11} {cells[3]:>10}")
    ms = sorted(r["ms"] for r in rows)
    lines.append(f"\nverify latency: median {ms[len(ms) // 2]:.0f} ms, max {ms[-1]:.0f} ms")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m evaluation.check_covid", description=__doc__.split("\n\n")[0])
    p.add_argument("--eval", type=Path, default=DEFAULT_EVAL, help="the check_covid folder")
    p.add_argument("--hashing", action="store_true", help="use the hashing test embedder (no model load)")
    p.add_argument("--all-abstracts", action="store_true", help="index all 347 abstracts, not only the claims' own")
    p.add_argument("--show", action="store_true", help="print every claim with its verdict")
    args = p.parse_args(argv)

    from answer import verify
    from index import ClaimIndex, HashingEmbedder

    claims, corpus = load(args.eval)
    cord_ids = sorted(corpus) if args.all_abstracts else sorted({c["cord_id"] for c in claims})
    work = Path(tempfile.mkdtemp(prefix="check-covid-"))
    try:
        write_abstracts(corpus, cord_ids, work / "corpus")
        idx = ClaimIndex.build(work / "corpus", work / "index", embedder=HashingEmbedder() if args.hashing else None)
        doc_to_cord = {d.id: Path(d.path).stem for d in idx.documents()}
        rows = evaluate(claims, idx, verify)
        if args.show:
            for r in rows:
                mark = "ok " if r["mapped"] == r["gold"] else "BAD"
                print(f"{mark} gold={r['gold']:<7} ours={r['ours']:<12} {r['claim']}")
                for fig in r["figures"]:
                    print(f"      {fig[0]!r}: {fig[1]} - {fig[2]}")
            print()
        print(f"index: {len(cord_ids)} abstracts, embedder {'hashing' if args.hashing else 'all-MiniLM-L6-v2'}")
        print(report(rows, doc_to_cord))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
