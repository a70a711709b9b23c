"""Questions as pharmacists ask them, on text nobody tuned on: `python -m evaluation.questions`.

Three question sets, each split by document (a hash of the document's name decides, before any
rule was changed) into a dev split we may look at and a test split we never tune on:

- `ei`:   Evidence Inference 2.0 test abstracts. Each prompt (intervention, comparator, outcome) whose
          gold evidence span stands in the abstract becomes "What was <outcome> with <intervention>
          vs <comparator>?". Right when the answer cites a passage holding the gold evidence.
- `yun`:  Yun et al. 2024 per-arm gold (events, group sizes, means): the same question form on the
          trial's abstract + results text. Right when the answer shows both arms' gold figures
          (those the text states verbatim) and cites that trial.
- `hand`: questions we wrote as a pharmacist would (typos, acronyms, "how often", trial names,
          subgroups, "what is", "main results", unanswerable ones) on PubMedQA/SciFact abstracts,
          gold in tests/gold/answer_questions_pharmacist.json.

Counts printed per set and split:
- answerable right / answerable;
- unanswerable abstained / unanswerable;
- wrong figures: a composed (not quoted-as-unchecked) answer that states a number, cites none of
  the gold text and shows none of the gold figures. For `ei`, whose gold is a sentence, not numbers,
  an answer that cites another sentence is counted as wrong only when it states a number the gold
  sentence does not hold.

The evaluation data is read from ../shared/eval and never copied into the repository; the corpus
is written to a temporary folder and indexed there (`--build`).

    .venv/bin/python -m evaluation.questions --build            # write the corpus, build the index
    .venv/bin/python -m evaluation.questions [--split dev|test|all] [--set ei,yun,hand] [--show]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from settings import eval_dir

REPO = Path(__file__).resolve().parent.parent
# the one evaluation path of the project: EVIDENCE_DESK_EVAL_DIR, else ../shared/eval beside the repository
EVAL = eval_dir()
HAND_GOLD = REPO / "tests" / "gold" / "answer_questions_pharmacist.json"
CORPUS_DIR = Path("/tmp/answers-qcorpus")
INDEX_DIR = Path("/tmp/answers-qindex")
SETS = ("ei", "yun", "hand")


@dataclass
class Question:
    set: str
    doc: str  # file stem of the document the question is about ('' for unanswerable ones)
    question: str
    answerable: bool = True
    evidence: list[str] = field(default_factory=list)  # gold sentences (ei)
    figures: list[str] = field(default_factory=list)  # gold figures that must be shown (yun, hand)
    quote: str = ""  # hand: a phrase a quoted answer must hold
    history: list[str] = field(default_factory=list)  # earlier questions of the conversation

    @property
    def split(self) -> str:
        return split_of(self.doc or self.question)


def split_of(name: str) -> str:
    """dev or test, fixed by a hash of the document's name: never by what the questions look like."""
    return "test" if int(hashlib.sha1(name.encode()).hexdigest(), 16) % 2 else "dev"


def _squash(text: str) -> str:
    return " ".join(text.split()).lower()


# ---- the corpus ------------------------------------------------------------------------------------

def _ei_abstracts() -> dict[str, str]:
    folder = EVAL / "evidence_inference" / "ev2_test_abstracts"
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("PMC*.abst"))}


def _yun_texts() -> dict[str, str]:
    folder = EVAL / "rct_numeric_results_yun2024" / "markdown"
    return {f"yun-{p.stem}": p.read_text(encoding="utf-8") for p in sorted(folder.glob("PMC*.md"))}


def _hand_texts() -> dict[str, str]:
    gold = json.loads(HAND_GOLD.read_text())
    pqa = json.loads((EVAL / "pubmedqa" / "ori_pqal.json").read_text())
    out = {}
    for pmid in gold["pubmedqa"]:
        item = pqa[pmid]
        body = "\n\n".join(f"{label}: {text}" for label, text in zip(item["LABELS"], item["CONTEXTS"]))
        out[f"pqa-{pmid}"] = body + "\n"
    return out


def write_corpus(dest: Path = CORPUS_DIR) -> int:
    dest.mkdir(parents=True, exist_ok=True)
    n = 0
    for name, text in {**_ei_abstracts(), **_yun_texts()}.items():
        suffix = ".md" if name.startswith("yun-") else ".abst"
        (dest / f"{name}{suffix}").write_text(text, encoding="utf-8")
        n += 1
    for name, text in _hand_texts().items():
        (dest / f"{name}.txt").write_text(text, encoding="utf-8")
        n += 1
    return n


# ---- the questions -----------------------------------------------------------------------------------

def question_text(outcome: str, intervention: str, comparator: str) -> str:
    return f"What was {outcome.strip()} with {intervention.strip()} vs {comparator.strip()}?"


def ei_questions() -> list[Question]:
    texts = {k: _squash(v) for k, v in _ei_abstracts().items()}
    prompts = {r["PromptID"]: r for r in csv.DictReader(open(EVAL / "evidence_inference" / "prompts_v2_subset.csv",
                                                              encoding="utf-8"))}
    by_prompt: dict[str, list[str]] = {}
    for r in csv.DictReader(open(EVAL / "evidence_inference" / "v2_annotations.csv", encoding="utf-8")):
        name = f"PMC{r['PMCID']}"
        ev = _squash(r["Annotations"])
        if name in texts and len(ev) >= 20 and ev in texts[name] and r["Valid Label"] in {"True", "1"}:
            by_prompt.setdefault(r["PromptID"], []).append(ev)
    out = []
    for pid, evs in sorted(by_prompt.items(), key=lambda kv: int(kv[0])):
        p = prompts[pid]
        out.append(Question("ei", f"PMC{p['PMCID']}", question_text(p["Outcome"], p["Intervention"], p["Comparator"]),
                            evidence=sorted(set(evs))))
    return out


def _fmt_gold(raw: str) -> str:
    v = float(raw.replace(",", ""))
    return str(int(v)) if v == int(v) else str(v)


def yun_questions() -> list[Question]:
    texts = _yun_texts()
    items = json.loads((EVAL / "rct_numeric_results_yun2024" / "annotated_rct_dataset.json").read_text())
    out, seen = [], set()
    for it in items:
        name = f"yun-PMC{it['pmcid']}"
        if name not in texts:
            continue
        cols = ("intervention_events", "comparator_events") if it["outcome_type"] == "binary" else \
               ("intervention_mean", "comparator_mean")
        figs = [it[c] for c in cols]
        if not all(f not in ("", None) for f in figs):
            continue
        try:
            figs = [_fmt_gold(str(f)) for f in figs]
        except ValueError:
            continue
        numbers = set(re.findall(r"\d+(?:\.\d+)?", texts[name].replace(",", "")))
        if not all(f in numbers for f in figs):
            continue  # computed by the dataset's authors: no answer can quote it
        q = question_text(it["outcome"], it["intervention"], it["comparator"])
        if (name, q) in seen:
            continue
        seen.add((name, q))
        out.append(Question("yun", name, q, figures=figs))
    return out


def hand_questions() -> list[Question]:
    gold = json.loads(HAND_GOLD.read_text())
    return [Question("hand", q.get("doc", ""), q["question"], answerable=q.get("answerable", True),
                     figures=q.get("figures", []), quote=q.get("quote", ""), history=q.get("history", []))
            for q in gold["questions"]]


def load_questions(sets=SETS) -> list[Question]:
    makers = {"ei": ei_questions, "yun": yun_questions, "hand": hand_questions}
    return [q for s in sets for q in makers[s]()]


# ---- scoring -----------------------------------------------------------------------------------------

_CITE_RE = re.compile(r"\[\d+\]")


def _numbers(text: str) -> set[str]:
    text = _CITE_RE.sub(" ", text).replace(",", "")
    return {n.rstrip(".") for n in re.findall(r"(?<![\w.])\d+(?:\.\d+)?", text)}


def _article(stem: str) -> str:
    """The article a corpus file holds: 'yun-PMC2596788' and 'PMC2596788' are one abstract written
    twice (once per question set), so citing either copy cites the article asked about."""
    return stem.removeprefix("yun-")


def _cites_doc(answer, doc: str) -> bool:
    return any(_article(Path(c.path or "").stem) == _article(doc) for c in answer.citations)


def score(q: Question, answer) -> str:
    """'right', 'abstained', 'wrong' (a wrong figure), 'missed' (answered, not right, no wrong figure)."""
    if not q.answerable:
        return "abstained" if answer.abstained else ("wrong" if _numbers(answer.text) else "missed")
    if answer.abstained:
        return "abstained"
    shown = _numbers(answer.text)
    quotes = [_squash(c.quote) for c in answer.citations]
    if q.set == "ei":
        gold_hit = any(ev in qt or qt in ev for ev in q.evidence for qt in quotes)
        if gold_hit:
            return "right"
        gold_numbers = set().union(*(_numbers(ev) for ev in q.evidence))
        unchecked = answer.intent == "passage"
        return "wrong" if (shown - gold_numbers) and not unchecked else "missed"
    right = all(any(alt in shown for alt in f.split("|")) for f in q.figures) and (not q.quote or _squash(q.quote) in _squash(answer.text))
    if right and (_cites_doc(answer, q.doc) or not q.doc):
        return "right"
    unchecked = answer.intent == "passage"
    alts = {alt for f in q.figures for alt in f.split("|")}
    if shown and not unchecked and not (alts & shown):
        return "wrong"
    return "missed"


def run(questions: list[Question], idx, show: bool = False) -> dict:
    from answer import ask

    results: dict[tuple[str, str], dict[str, int]] = {}
    times = []
    for q in questions:
        t0 = time.perf_counter()
        try:
            history = []
            for h in q.history:
                history.append(ask(h, idx, history=history))
            a = ask(q.question, idx, history=history) if q.history else ask(q.question, idx)
        except Exception as e:  # a crash is a wrong answer, reported
            print(f"ERROR {q.question!r}: {e!r}", file=sys.stderr)
            results.setdefault((q.set, q.split), {}).setdefault("error", 0)
            results[(q.set, q.split)]["error"] += 1
            continue
        times.append((time.perf_counter() - t0) * 1000)
        s = score(q, a)
        key = (q.set, q.split)
        r = results.setdefault(key, {"answerable": 0, "right": 0, "unanswerable": 0, "abstained_ok": 0,
                                     "wrong": 0, "abstained_answerable": 0})
        if q.answerable:
            r["answerable"] += 1
            r["right"] += s == "right"
            r["abstained_answerable"] += s == "abstained"
        else:
            r["unanswerable"] += 1
            r["abstained_ok"] += s == "abstained"
        r["wrong"] += s == "wrong"
        if show and (s != "right" and not (s == "abstained" and not q.answerable)):
            print(f"--- [{q.set}/{q.split}] {s.upper()}: {q.question}  (doc {q.doc}; gold {q.figures or q.evidence[:1]})")
            print("    " + a.text[:500].replace("\n", " "))
    return {"results": results, "times": times}


def format_results(out: dict) -> str:
    lines = []
    for (s, split), r in sorted(out["results"].items()):
        a, u = r.get("answerable", 0), r.get("unanswerable", 0)
        right = f"{r.get('right', 0)}/{a} = {r.get('right', 0) / a:.2f}" if a else "-"
        abst = f"{r.get('abstained_ok', 0)}/{u} = {r.get('abstained_ok', 0) / u:.2f}" if u else "-"
        lines.append(f"{s:<5} {split:<5} answerable right {right:<18} unanswerable abstained {abst:<16} "
                     f"wrong figures {r.get('wrong', 0)}   (answerable abstained {r.get('abstained_answerable', 0)}"
                     f"{', errors ' + str(r['error']) if r.get('error') else ''})")
    t = sorted(out["times"])
    if t:
        lines.append(f"latency: n={len(t)} p50 {t[len(t) // 2]:.1f} ms, p95 {t[int(0.95 * (len(t) - 1))]:.1f} ms")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--build", action="store_true", help=f"write the corpus to {CORPUS_DIR} and index it")
    p.add_argument("--index", default=str(INDEX_DIR))
    p.add_argument("--split", choices=["dev", "test", "all"], default="dev")
    p.add_argument("--set", default=",".join(SETS))
    p.add_argument("--show", action="store_true", help="print every question not answered right")
    p.add_argument("--calibrate", action="store_true",
                   help="dev only: quote the closest passage at any coverage and print right/other per threshold")
    args = p.parse_args(argv)
    if not EVAL.is_dir():
        print(f"evaluation data not found at {EVAL}", file=sys.stderr)
        return 2
    if args.build:
        n = write_corpus()
        print(f"wrote {n} documents to {CORPUS_DIR}; building {args.index}", file=sys.stderr)
        from index import ClaimIndex
        ClaimIndex.build(CORPUS_DIR, Path(args.index))
    from index import ClaimIndex

    idx = ClaimIndex.open(args.index)
    qs = [q for q in load_questions(tuple(args.set.split(","))) if args.split in ("all", q.split)]
    print(f"{len(qs)} questions ({args.split})", file=sys.stderr)
    if args.calibrate:
        if args.split != "dev":
            print("calibration runs on the dev split only", file=sys.stderr)
            return 2
        print(calibrate(qs, idx))
        return 0
    print(format_results(run(qs, idx, show=args.show)))
    return 0


def calibrate(questions: list[Question], idx) -> str:
    """On dev, with every threshold off: for each threshold of (a) the scored match of the claims a
    figure answer shows (the best claim's score) and (b) the coverage of a quoted closest passage,
    how many of those answers would be right and how many wrong (a figure answer) or not right (a
    quote). A figure answer below the claim threshold falls back to a quote or an abstention."""
    from answer import ask, select

    select.PASSAGE_COVERAGE, select.CALIBRATION = 0.0, {}
    rows, claim_rows, captured = [], [], []
    for q in questions:
        history = []
        for h in q.history:
            history.append(ask(h, idx, history=history))
        select.CLAIM_CALIBRATION, select.RANK_CAPTURE = {}, []
        a = ask(q.question, idx, history=history)
        scores = [x for v in select.CLAIM_CALIBRATION.values() for x in v]
        if select.RANK_CAPTURE:
            captured.append((q, select.RANK_CAPTURE[-1]))
        select.CLAIM_CALIBRATION = select.RANK_CAPTURE = None
        s = score(q, a)
        if a.intent == "passage" and q.question in select.CALIBRATION:
            rows.append((select.CALIBRATION[q.question], q.answerable and s == "right"))
        elif scores and not a.abstained and a.claims:
            claim_rows.append((max(scores), s))
    lines = ["closest passage: threshold  passages-right  passages-not-right"]
    for t in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0):
        kept = [ok for cov, ok in rows if cov >= t]
        lines.append(f"{t:9.2f}  {sum(kept):14d}  {len(kept) - sum(kept):18d}")
    lines.append("claim match (best claim's score): threshold  right  wrong  missed  (figure answers kept)")
    for t in [x / 20 for x in range(0, 25)]:
        kept = [s for sc, s in claim_rows if sc >= t]
        lines.append(f"{t:9.2f}  {kept.count('right'):5d}  {kept.count('wrong'):5d}  {kept.count('missed'):6d}")
    lines.append(rerank_table(captured))
    return "\n".join(lines)


def _holds_gold(q: Question, text: str) -> bool:
    if q.set == "ei":
        t = _squash(text)
        return any(ev in t or t in ev for ev in q.evidence)
    shown = _numbers(text)
    return bool(q.figures or q.quote) and all(any(alt in shown for alt in f.split("|")) for f in q.figures) \
        and (not q.quote or _squash(q.quote) in _squash(text))


def rerank_table(captured: list) -> str:
    """The closest passage's ranking under other weights, offline on the captured candidates: how
    often the first candidate holds the gold (and how often a gold one was among them at all).
    Prints the current setting and the best settings found (ties: the current values first)."""
    import itertools

    from answer import select

    answerable = [(q, cands) for q, cands in captured if q.answerable]
    gold = [[_holds_gold(q, t) for _, _, t in cands] for q, cands in answerable]
    reachable = sum(any(g) for g in gold)
    current = (select.SIMILARITY_WEIGHT, select.FOCUS_SIMILARITY_WEIGHT, select.MEANING_CANDIDATES,
               select.COVERAGE_BAND, select.RESULT_EDGE, select.AIM_PENALTY)
    results = []
    for combo in itertools.product((0.0, 0.5, 1.0, 2.0), (0.0, 0.5, 1.0, 2.0), (6, 20), (0.25, 0.5, 1.0), (0.15, 0.3),
                                   (0.15, 0.3, 0.6)):
        right = 0
        for (q, cands), g in zip(answerable, gold):
            w, fw, k, b, r, a = combo
            order = select.rerank([f for f, _, _ in cands], [s for _, s, _ in cands], weight=w, focus_weight=fw,
                                  candidates=k, band=b, result_edge=r, aim_penalty=a)
            right += bool(order) and g[order[0]]
        results.append((right, combo))
    now = next(r for r, c in results if c == current) if current in [c for _, c in results] else None
    lines = [f"closest-passage ranking on {len(answerable)} answerable dev questions quoting a passage (gold among "
             f"the {select.CAPTURE_CANDIDATES} candidates: {reachable}); first candidate holds the gold:",
             f"  current (weight, focus weight, candidates, band, result edge, aim penalty) {current}: {now}"]
    for right, combo in sorted(results, key=lambda rc: -rc[0])[:12]:
        lines.append(f"  {combo}: {right}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
