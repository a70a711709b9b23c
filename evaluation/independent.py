"""An independent check of answers and verify on abstracts no rule was tuned on.

    .venv/bin/python -m evaluation.independent [--show]

Gold: tests/gold/independent_check.json (written before looking at any output, kept out of every
development loop). The six SciFact abstracts it names are read from the evaluation folder (never copied),
indexed together with the shipped corpus by the real model, and asked / checked.
A question is right when one of its gold figure sets all appears in the answer and the answer cites the
document; an unanswerable one when the answer abstains. A sentence is right when its verdict is one of
the accepted ones; a "supported" that is not accepted is counted apart (a false support).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path

from extract.numbers import WORD_NUM, parse_word_number
from settings import SETTINGS

REPO = Path(__file__).resolve().parent.parent
GOLD = REPO / "tests" / "gold" / "independent_check.json"


def _abstracts(ids: set[int]) -> dict[int, tuple[str, str]]:
    out = {}
    with open(SETTINGS.eval_dir / "scifact" / "corpus.jsonl", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if d["doc_id"] in ids:
                out[d["doc_id"]] = (d["title"], " ".join(d["abstract"]))
    return out


def _has(text: str, figure: str) -> bool:
    """The figure in digits, or in words as a quoted source writes it ('Thirty patients')."""
    if re.search(rf"(?<![\d.]){re.escape(figure)}(?![\d])", text):
        return True
    return any(parse_word_number(m.group(0)) == float(figure) for m in re.finditer(WORD_NUM, text))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", action="store_true", help="print every answer and verdict")
    args = ap.parse_args(argv)
    from answer import ask, verify
    from index import ClaimIndex

    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    texts = _abstracts(set(gold["docs"].values()))
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        for p in (REPO / "corpus").glob("*"):
            if p.is_file():
                (corpus / p.name).write_bytes(p.read_bytes())
        for name, doc_id in gold["docs"].items():
            title, abstract = texts[doc_id]
            (corpus / f"{name}.txt").write_text(f"{title}\n\n{abstract}\n", encoding="utf-8")
        idx = ClaimIndex.build(corpus, Path(tmp) / "index")
        path_of = {d.id: Path(d.path).stem for d in idx.documents()}

        right = abstained = answerable = unanswerable = answered_wrong = 0
        for g in gold["questions"]:
            a = ask(g["q"], idx)
            cited = {path_of.get(c.doc_id, "") for c in a.citations}
            if g.get("abstain"):
                unanswerable += 1
                ok = a.abstained
                abstained += ok
            else:
                answerable += 1
                ok = (not a.abstained and g["doc"] in cited
                      and any(all(_has(a.text, f) for f in alt) for alt in g["any"]))
                right += ok
                answered_wrong += (not ok and not a.abstained)
            if args.show or not ok:
                print(f"[{'ok' if ok else 'XX'}] Q {g['q']}\n     -> {'ABSTAIN ' if a.abstained else ''}{a.text[:400]!r}")

        v_right = false_supported = 0
        for g in gold["sentences"]:
            v = verify(g["s"], idx)
            ok = str(v.verdict) in g["accept"]
            v_right += ok
            false_supported += str(v.verdict) == "supported" and not ok
            if args.show or not ok:
                print(f"[{'ok' if ok else 'XX'}] V {g['s']}\n     -> {v.verdict} (want {'/'.join(g['accept'])}): {v.explanation[:300]!r}")

    print(f"answers: answerable right {right}/{answerable}, answered without the gold figures {answered_wrong}, "
          f"unanswerable abstained {abstained}/{unanswerable}")
    print(f"verify: {v_right}/{len(gold['sentences'])} verdicts right, false supported {false_supported}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
