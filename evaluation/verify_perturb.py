"""Verify on sentences it was not tuned on: perturbations generated from real gold we did not write.

    python -m evaluation.verify_perturb [--split dev|test|all] [--per-kind N] [--hand] [--show] [--index DIR]

Sources (read from ../shared/eval, never copied): Yun et al. 2024 per-arm numbers (events / group
sizes, means) with their RCT texts, and Evidence Inference 2.0 evidence spans with their abstracts.
All source texts go into one temporary index (hashing embedder: no model load), each its own study,
so a sentence must also find its study among two hundred.

For each source figure that the text states, news-style sentences with an expected verdict:
- faithful: the figure as the source gives it (-> supported);
- news form: the same figure as the news writes it ("more than 20%", "about a quarter",
  "one in four", "around 40%") (-> supported);
- changed: another value that the source does not state (-> contradicted);
- other arm: the comparison group's figure given for the study arm, or the two swapped (-> misleading
  or contradicted);
- CI bound: a confidence bound stated as the estimate (-> misleading or contradicted);
- component: a composite outcome's figure given for one of its parts (-> misleading or not_found).

The split is decided by a hash of the source document, before any rule is written: a third of the
documents are test, never looked at while tuning.

Printed per split: accuracy, false "supported" count, share of press-release forms supported, and
the share of decided figures whose cited evidence is the same quantity (for Yun: the cited claim
states the gold value of that arm; for Evidence Inference: it lies inside the evidence span).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

from settings import SETTINGS
from extract.models import Status

EVAL = SETTINGS.eval_dir
YUN = EVAL / "rct_numeric_results_yun2024"
EI = EVAL / "evidence_inference"
NOT_SUPPORTED = ("misleading", "contradicted")


def split_of(doc_key: str) -> str:
    """'test' for a third of the source documents, by a hash fixed before any rule was tuned."""
    h = int(hashlib.sha1(f"verify-split:{doc_key}".encode()).hexdigest()[:8], 16)
    return "test" if h % 3 == 0 else "dev"


@dataclass
class Case:
    sentence: str
    expected: tuple[str, ...]
    kind: str  # faithful | news_form | changed | other_arm | swapped | ci_bound | component
    source: str  # file stem of the source document
    split: str
    gold_value: float | None = None  # the value the evidence cited should state
    span: tuple[int, int] | None = None  # or: the span of the source text it should lie in
    meta: dict = field(default_factory=dict)


# ---- number formatting ------------------------------------------------------------------------

def fmt(v: float) -> str:
    return f"{v:.10g}"


def changed_value(v: float, text: str) -> str:
    """A value near `v` that the text does not state, written with the same precision."""
    decimals = len(fmt(v).split(".")[1]) if "." in fmt(v) else 0
    for factor in (1.37, 1.29, 0.71, 1.53, 0.62):
        w = round(v * factor, decimals)
        s = f"{w:.{decimals}f}"
        if w != v and not re.search(rf"(?<![\d.]){re.escape(s)}(?![\d])", text):
            return s
    return ""


_FRACTIONS = [(25.0, ["a quarter", "one in four"]), (33.33, ["a third", "one in three"]),
              (50.0, ["half"]), (66.67, ["two-thirds", "two in three"]), (75.0, ["three-quarters", "three in four"]),
              (20.0, ["one in five", "a fifth"]), (10.0, ["one in ten"])]


def news_forms(pct: float) -> list[str]:
    """Ways a news story states a percentage `pct` faithfully."""
    out = []
    floor5 = int(pct // 5 * 5)
    if pct - floor5 >= 1.0 and floor5 > 0:
        out.append(f"more than {floor5}%")
    out.append(f"around {round(pct)} per cent")
    for value, words in _FRACTIONS:
        if abs(pct - value) <= 1.5:
            out.append(f"about {words[0]}")
            out.extend(f"roughly {w}" for w in words[1:])
        elif value - 4 <= pct < value:
            out.append(f"almost {words[0]}" if not words[0].startswith("one in") else f"nearly {words[0]}")
    return out


def _short(phrase: str, words: int = 7) -> str:
    phrase = re.sub(r"\s*\([^()]*\)", "", phrase).strip().rstrip(".")
    ws = phrase.split()
    return " ".join(ws[:words])


def _lower_first(s: str) -> str:
    return s[:1].lower() + s[1:] if s[:2] != s[:2].upper() else s


def _num_re(s: str) -> re.Pattern:
    return re.compile(rf"(?<![\d.]){re.escape(s)}(?![\d])")


# ---- Yun 2024 ----------------------------------------------------------------------------------

def yun_cases(text_of: dict[str, str]) -> list[Case]:
    rows = json.loads((YUN / "annotated_rct_dataset.json").read_text(encoding="utf-8"))
    out: list[Case] = []
    seen = set()
    for r in rows:
        stem = f"PMC{r['pmcid']}"
        text = text_of.get(stem)
        if not text:
            continue
        split = split_of(stem)
        i, c = _short(r["intervention"]), _short(r["comparator"])
        o = re.sub(r"^(?:the|a|an)\s+", "", _lower_first(_short(r["outcome"], 8)), flags=re.I)
        if re.search(r"baseline", o, re.I):
            continue  # a baseline characteristic is no result a news story would report
        key = (stem, o)
        if key in seen:
            continue
        ie, ig, ce, cg = (r.get(k) for k in ("intervention_events", "intervention_group_size",
                                              "comparator_events", "comparator_group_size"))
        im, cm = r.get("intervention_mean"), r.get("comparator_mean")
        if all(isinstance(x, (int, float)) for x in (ie, ig, ce, cg)) and ig and cg:
            ie, ig, ce, cg = int(ie), int(ig), int(ce), int(cg)
            stated = re.search(rf"(?<!\d){ie}\s*(?:/|of|out of)\s*{ig}(?!\d)", text)
            pct = 100 * ie / ig
            pct_written = next((s for s in (f"{pct:.1f}", f"{pct:.0f}", f"{pct:.2f}")
                                if re.search(rf"(?<![\d.]){re.escape(s)}\s*%", text)), "")
            if not (stated or pct_written) or ie == ce:
                continue
            seen.add(key)
            base = dict(source=stem, split=split)
            if stated:
                out.append(Case(f"{ie} of {ig} patients given {i} had {o}.", ("supported",), "faithful",
                                gold_value=float(ie), **base))
                ch = changed_value(ie, text)
                if ch and ch != "0" and int(float(ch)) < ig:
                    out.append(Case(f"{ch} of {ig} patients given {i} had {o}.", ("contradicted",), "changed",
                                    gold_value=float(ie), **base))
            if pct_written:
                out.append(Case(f"With {i}, {o} occurred in {pct_written}% of patients.", ("supported",),
                                "faithful", gold_value=float(pct_written), **base))
                for form in news_forms(pct):
                    out.append(Case(f"With {i}, {o} occurred in {form} of patients.", ("supported",),
                                    "news_form", gold_value=float(pct_written), **base))
                ch = changed_value(float(pct_written), text)
                if ch:
                    out.append(Case(f"With {i}, {o} occurred in {ch}% of patients.", ("contradicted",),
                                    "changed", gold_value=float(pct_written), **base))
                cpct = 100 * ce / cg
                cw = next((s for s in (f"{cpct:.1f}", f"{cpct:.0f}", f"{cpct:.2f}")
                           if re.search(rf"(?<![\d.]){re.escape(s)}\s*%", text)), "")
                if cw and cw != pct_written:
                    out.append(Case(f"With {i}, {o} occurred in {cw}% of patients.", NOT_SUPPORTED, "other_arm",
                                    gold_value=float(pct_written), **base))
                if " or " in o:
                    part = o.split(" or ")[0]
                    out.append(Case(f"With {i}, {part} occurred in {pct_written}% of patients.",
                                    ("misleading", "not_found"), "component", **base))
        elif isinstance(im, (int, float)) and isinstance(cm, (int, float)) and im != cm:
            a, b = fmt(im), fmt(cm)
            if not (_num_re(a).search(text) and _num_re(b).search(text)) or len(a.replace(".", "")) < 2:
                continue
            seen.add(key)
            base = dict(source=stem, split=split)
            out.append(Case(f"The mean {o} was {a} with {i}.", ("supported",), "faithful",
                            gold_value=float(im), **base))
            out.append(Case(f"The mean {o} was {a} with {i} and {b} with {c}.", ("supported",), "faithful",
                            gold_value=float(im), **base))
            ch = changed_value(float(im), text)
            if ch:
                out.append(Case(f"The mean {o} was {ch} with {i}.", ("contradicted",), "changed",
                                gold_value=float(im), **base))
            out.append(Case(f"The mean {o} was {b} with {i}.", NOT_SUPPORTED, "other_arm",
                            gold_value=float(im), **base))
            out.append(Case(f"The mean {o} was {b} with {i} and {a} with {c}.", NOT_SUPPORTED, "swapped",
                            gold_value=float(im), **base))
    return out


# ---- Evidence Inference -------------------------------------------------------------------------

_RESULT_NUM_RE = re.compile(r"(?<![\w.\-])(\d+(?:\.\d+)?)\s*%")
_CI_RE = re.compile(r"(?<![\w.])(?P<est>\d+(?:\.\d+)?)(?P<pct>\s*%)?\s*[(\[]\s*95\s*%\s*(?:CI|confidence interval)"
                    r"\s*[:,=]?\s*(?P<lo>-?\d+(?:\.\d+)?)\s*%?\s*(?:to|-|–|,)\s*(?P<hi>-?\d+(?:\.\d+)?)\s*%?\s*[)\]]",
                    re.I)
_VS_RE = re.compile(r"(?<![\w.])(?P<a>\d+(?:\.\d+)?)\s*%\s*(?P<sep>vs\.?|versus|and)\s*(?P<b>\d+(?:\.\d+)?)\s*%")


def ei_cases(text_of: dict[str, str]) -> list[Case]:
    prompts = {r["PromptID"]: r for r in csv.DictReader((EI / "prompts_v2_subset.csv").open(encoding="utf-8"))}
    out: list[Case] = []
    seen = set()
    for r in csv.DictReader((EI / "v2_annotations.csv").open(encoding="utf-8")):
        stem = f"PMC{r['PMCID']}"
        text = text_of.get(stem)
        span = (r["Annotations"] or "").strip()
        if not text or len(span) < 25 or span in seen:
            continue
        start = text.find(span)
        if start < 0:
            continue
        seen.add(span)
        p = prompts.get(r["PromptID"], {})
        lead = f"In a trial of {_short(p.get('Intervention', 'the treatment'), 6)} versus " \
               f"{_short(p.get('Comparator', 'control'), 6)}, "
        body = _lower_first(span.rstrip(". "))
        base = dict(source=stem, split=split_of(stem), span=(start, start + len(span)))
        shift = len(lead)  # sentence offsets -> span offsets
        # a CI's level ("95% CI") is no result: changing it changes no figure of the sentence
        nums = [m for m in _RESULT_NUM_RE.finditer(body)
                if not re.search(r"(CI|interval|p\s*[=<>]|\bP\b)[^)]{0,12}$", body[max(0, m.start() - 20):m.start()])
                and not re.match(r"\s*(CI\b|confidence)", body[m.end():], re.I)]
        if not nums:
            continue
        out.append(Case(lead + body + ".", ("supported",), "faithful", meta={"shift": shift}, **base))
        m = nums[0]
        ch = changed_value(float(m.group(1)), text)
        if ch:
            out.append(Case(lead + body[:m.start(1)] + ch + body[m.end(1):] + ".", ("contradicted",), "changed",
                            **base))
        ci = _CI_RE.search(body)
        if ci and ci.group("lo") != ci.group("est"):
            bound = ci.group("lo") + (ci.group("pct") or "")
            out.append(Case(lead + body[:ci.start()] + bound + body[ci.end():] + ".", NOT_SUPPORTED, "ci_bound",
                            **base))
        vs = _VS_RE.search(body)
        if vs and vs.group("a") != vs.group("b"):
            swapped = body[:vs.start("a")] + vs.group("b") + body[vs.end("a"):vs.start("b")] + vs.group("a") + \
                body[vs.end("b"):]
            out.append(Case(lead + swapped + ".", NOT_SUPPORTED, "swapped", **base))
    return out


# ---- running ------------------------------------------------------------------------------------

def source_texts(folder: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Write the source documents to `folder` (one study each); return their texts by stem (Yun, EI)."""
    folder.mkdir(parents=True, exist_ok=True)
    yun, ei = {}, {}
    for path in sorted((YUN / "markdown").glob("*.md")):
        yun[path.stem] = path.read_text(encoding="utf-8")
    for path in sorted((EI / "ev2_test_abstracts").glob("*.abst")):
        if path.stem not in yun:
            ei[path.stem] = path.read_text(encoding="utf-8")
    for stem, text in {**yun, **ei}.items():
        (folder / f"{stem}.txt").write_text(text, encoding="utf-8")
        (folder / f"{stem}.meta.json").write_text(json.dumps({"title": stem, "kind": "journal", "source": "PMC",
                                                              "study": stem}), encoding="utf-8")
    return yun, ei


def all_cases(yun: dict[str, str], ei: dict[str, str], stored_text: dict[str, str]) -> list[Case]:
    """Cases with offsets into the stored (indexed) text of each document."""
    cases = yun_cases(stored_text) + ei_cases({k: stored_text[k] for k in ei if k in stored_text})
    return cases


def same_quantity(case: Case, check, stem_of: dict[str, str]) -> bool:
    c = check.claim
    if c is None:
        return True  # supported by a source sentence without a structured claim: judged by hand
    if stem_of.get(c.doc_id) != case.source:
        return False
    if case.span is not None:
        return case.span[0] <= c.start and c.end <= case.span[1] + 1
    if case.gold_value is not None:
        return c.value is not None and abs(c.value - case.gold_value) < 1e-6 or \
            c.n is not None and abs(c.n - case.gold_value) < 1e-6
    return True


def sample_per_kind(cases: list[Case], n: int) -> list[Case]:
    """At most n cases of each kind, the same ones on every run (ordered by a hash of the sentence)."""
    by_kind: dict[str, list[Case]] = defaultdict(list)
    for c in sorted(cases, key=lambda c: hashlib.sha1(c.sentence.encode()).hexdigest()):
        if len(by_kind[c.kind]) < n:
            by_kind[c.kind].append(c)
    return [c for kind in sorted(by_kind) for c in by_kind[kind]]


def run(cases: list[Case], idx, stem_of: dict[str, str]) -> list[dict]:
    from answer import verify

    rows = []
    for case in cases:
        t0 = time.perf_counter()
        v = verify(case.sentence, idx)
        ms = (time.perf_counter() - t0) * 1000
        decided = [f for f in v.figures if f.status in {Status.SUPPORTED, Status.CONTRADICTED, Status.MISLEADING}]
        rows.append({**asdict(case), "ours": v.verdict, "ms": ms, "right": v.verdict in case.expected,
                     "same_quantity": [same_quantity(case, f, stem_of) for f in decided],
                     "figures": [(f.figure, f.status, f.source_figure, f.explanation) for f in v.figures]})
    return rows


def summary(rows: list[dict], name: str) -> str:
    if not rows:
        return f"{name}: no cases"
    n = len(rows)
    right = sum(r["right"] for r in rows)
    false_sup = sum(r["ours"] == "supported" and "supported" not in r["expected"] for r in rows)
    news = [r for r in rows if r["kind"] == "news_form"]
    faithful = [r for r in rows if r["kind"] == "faithful"]
    sq = [x for r in rows for x in r["same_quantity"]]
    lines = [f"{name}: {n} sentences from {len({r['source'] for r in rows})} documents",
             f"  accuracy {right}/{n} = {right / n:.3f}; false supported {false_sup}",
             f"  faithful supported {sum(r['ours'] == 'supported' for r in faithful)}/{len(faithful)}; "
             f"news forms supported {sum(r['ours'] == 'supported' for r in news)}/{len(news)}"
             + (f" = {sum(r['ours'] == 'supported' for r in news) / len(news):.3f}" if news else ""),
             f"  decided figures citing the same quantity {sum(sq)}/{len(sq)}"
             + (f" = {sum(sq) / len(sq):.3f}" if sq else "")]
    by_kind = defaultdict(Counter)
    for r in rows:
        by_kind[r["kind"]][r["ours"]] += 1
    for kind, cnt in sorted(by_kind.items()):
        ok = sum(r["right"] for r in rows if r["kind"] == kind)
        tot = sum(cnt.values())
        lines.append(f"    {kind:<10} {ok:>4}/{tot:<4} " + ", ".join(f"{k} {v}" for k, v in cnt.most_common()))
    ms = sorted(r["ms"] for r in rows)
    lines.append(f"  verify latency p50 {ms[n // 2]:.0f} ms, p95 {ms[min(n - 1, int(0.95 * n))]:.0f} ms")
    return "\n".join(lines)


HAND_GOLD = Path(__file__).resolve().parent.parent / "tests" / "gold" / "verify_news_dev.json"


def hand_cases(show: bool = False) -> str:
    """The hand-written news sentences (dev) against their PubMedQA abstracts, in an index of their own."""
    from answer import verify
    from index import ClaimIndex, HashingEmbedder

    gold = json.loads(HAND_GOLD.read_text(encoding="utf-8"))
    pqa = json.loads((EVAL / "pubmedqa" / "ori_pqal.json").read_text(encoding="utf-8"))
    work = Path(tempfile.mkdtemp(prefix="verify-hand-"))
    try:
        for pid in gold["abstracts"]:
            (work / f"{pid}.txt").write_text(pqa[pid]["QUESTION"] + "\n\n" + " ".join(pqa[pid]["CONTEXTS"]) + "\n",
                                             encoding="utf-8")
        idx = ClaimIndex.build(work, work / ".index", embedder=HashingEmbedder())
        right, false_sup, lines = 0, 0, []
        for case in gold["cases"]:
            v = verify(case["sentence"], idx)
            ok = v.verdict == case["verdict"]
            right += ok
            false_sup += v.verdict == Status.SUPPORTED and case["verdict"] != "supported"
            if show and not ok:
                lines.append(f"BAD expected {case['verdict']} got {v.verdict}: {case['sentence']}")
                lines += [f"      {f.figure!r}: {f.status} [{f.source_figure}] {f.explanation}" for f in v.figures]
        n = len(gold["cases"])
        return "\n".join([f"[hand, dev] {n} news-style sentences on {len(gold['abstracts'])} PubMedQA RCT abstracts",
                          f"  accuracy {right}/{n} = {right / n:.3f}; false supported {false_sup}"] + lines)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m evaluation.verify_perturb", description=__doc__.split("\n\n")[0])
    p.add_argument("--split", choices=("dev", "test", "all"), default="dev")
    p.add_argument("--show", action="store_true", help="print every wrong sentence with its figures")
    p.add_argument("--index", type=Path, default=None, help="reuse this index folder (built there when missing)")
    p.add_argument("--json", type=Path, default=None, help="write every row to this file")
    p.add_argument("--per-kind", type=int, default=0,
                   help="check at most N sentences of each kind per split (a fixed sample, by hash)")
    p.add_argument("--hand", action="store_true", help="only the hand-written news sentences (dev)")
    args = p.parse_args(argv)
    if args.hand:
        print(hand_cases(args.show))
        return 0
    if not YUN.is_dir() or not EI.is_dir():
        raise SystemExit(f"evaluation data not found under {EVAL}")

    from index import ClaimIndex, HashingEmbedder, IndexLoadError

    work = Path(tempfile.mkdtemp(prefix="verify-perturb-"))
    try:
        yun, ei = source_texts(work / "corpus")
        index_dir = args.index or work / "index"
        try:  # an index kept from an earlier run is reused while the claim rules are the same
            idx = ClaimIndex.open(index_dir, embedder=HashingEmbedder()) if args.index else None
        except IndexLoadError:
            idx = None
        if idx is None:
            idx = ClaimIndex.build(work / "corpus", index_dir, embedder=HashingEmbedder())
        docs = idx.documents()
        stem_of = {d.id: Path(d.path).stem for d in docs}
        stored = {Path(d.path).stem: d.text for d in docs}
        cases = all_cases(yun, ei, stored)
        splits = ("dev", "test") if args.split == "all" else (args.split,)
        for split in splits:
            chosen = [c for c in cases if c.split == split]
            if args.per_kind:
                chosen = sample_per_kind(chosen, args.per_kind)
            rows = run(chosen, idx, stem_of)
            print(summary(rows, f"[{split}]"))
            if args.show:
                for r in rows:
                    if not r["right"]:
                        print(f"BAD {r['kind']:<9} expected {'/'.join(r['expected'])} got {r['ours']}: {r['sentence']}")
                        for fig in r["figures"]:
                            print(f"      {fig[0]!r}: {fig[1]} [{fig[2]}] {fig[3]}")
            if args.json:
                out = args.json.with_suffix(f".{split}.json")
                out.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
