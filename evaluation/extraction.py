"""Score the extractor field by field against gold: `python -m evaluation.extraction [--set seeds|ei|yun|all]`.

Sets:
- `seeds`: tests/gold/seeds_claims.json on the shipped corpus (when the file exists);
- `ei`:    hand gold for 25 Evidence Inference abstracts (tests/gold/ei_abstracts.jsonl, see ei_README.md);
- `yun`:   the public gold of Yun et al. 2024 (events, group sizes, means, SDs);
- `rct-dev`, `rct-test`: hand gold for 76 SciFact/PubMedQA RCT abstracts the rules were not written
  on (tests/gold/rct_heldout.jsonl, see rct_heldout_README.md), split by a hash of the id (dev 56,
  test 20); only figures with a CI and sample sizes are annotated and scored. Never tune on `rct-test`.

Prints precision, recall and F1 per field and per claim kind (`--json` for machine-readable
output, `--show-errors` to list gold-vs-extracted mismatches) and checks the issue's targets.
Exit status: 0 when it ran (targets are reported, not enforced: the test suite enforces them),
2 when the gold or the extractor is missing.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Optional

from .gold import EI_KINDS, GoldDoc, GoldError, load_ei_gold, load_heldout_gold, load_seed_gold
from .match import FIELDS, SEED_FIELDS, Evaluation, FieldRule, Score, ScoredDoc, evaluate_documents
from .yun import TYPES, YunEvaluation, evaluate_yun, load_yun
from extract.models import Claim, ClaimKind

SETS = ("seeds", "ei", "yun", "rct-dev", "rct-test")


@dataclass(frozen=True)
class Target:
    name: str
    value: Optional[float]
    threshold: float

    @property
    def met(self) -> bool:
        return self.value is not None and self.value >= self.threshold


class ExtractorMissing(RuntimeError):
    pass


def _extractors() -> tuple[Callable, Callable]:
    try:
        from extract import extract_claims, extract_text_claims
    except ImportError as exc:
        raise ExtractorMissing(f"the extractor is not importable yet (from extract import extract_claims, extract_text_claims): {exc}") from exc
    return extract_claims, extract_text_claims


class DocumentTimeout(Exception):
    pass


# Seconds one document may take; a runaway regex on one text must not stall the whole evaluation.
DOC_TIMEOUT = 30.0


@contextmanager
def _time_limit(seconds: float):
    """Raise DocumentTimeout after `seconds` (only where signals work: the main thread on Unix)."""
    usable = seconds > 0 and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expire(signum, frame):
        raise DocumentTimeout(f"took over {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _safe(fn: Callable[..., list[Claim]], errors: list[str], timeout: float, label: str, *args) -> list[Claim]:
    """Run the extractor on one document; a crash or a timeout is recorded (and scored as no
    claims), not fatal."""
    try:
        with _time_limit(timeout):
            return list(fn(*args))
    except Exception as exc:  # noqa: BLE001 - we report any extractor failure per document
        errors.append(f"{label}: {type(exc).__name__}: {exc}")
        return []


def score_gold_docs(gold_docs: list[GoldDoc], extract: Callable[[GoldDoc], list[Claim]],
                    kinds_scored: Optional[set[str]] = None, fields: Optional[list[FieldRule]] = None) -> Evaluation:
    """Extract every gold document and score the claims against its gold."""
    docs = [ScoredDoc(g.doc_id, g.text, g.claims, extract(g)) for g in gold_docs]
    return evaluate_documents(docs, kinds_scored=kinds_scored, fields=fields)


def run_ei(errors: list[str], timeout: float = DOC_TIMEOUT) -> Evaluation:
    """The hand gold of Evidence Inference abstracts against `extract_text_claims`."""
    _, extract_text_claims = _extractors()
    gold = load_ei_gold()
    return score_gold_docs(gold, lambda g: _safe(extract_text_claims, errors, timeout, g.doc_id, g.text, g.doc_id), EI_KINDS)


def _ci_or_size(c: Claim) -> bool:
    # The held-out gold annotates exhaustively only figures with a CI and sample sizes.
    return c.kind == ClaimKind.SAMPLE_SIZE or c.ci_low is not None or c.ci_high is not None


def run_heldout(split: str, errors: list[str], timeout: float = DOC_TIMEOUT) -> Evaluation:
    """The held-out RCT gold of one split against `extract_text_claims`."""
    _, extract_text_claims = _extractors()
    gold = load_heldout_gold(split)
    return score_gold_docs(gold, lambda g: [c for c in _safe(extract_text_claims, errors, timeout, g.doc_id, g.text, g.doc_id)
                                            if _ci_or_size(c)])


def run_seeds(errors: list[str], timeout: float = DOC_TIMEOUT) -> Evaluation:
    """The seed gold against `extract_claims` on the shipped corpus (boilerplate dropped)."""
    from extract.readers import read_document
    from .gold import CORPUS

    extract_claims, _ = _extractors()
    gold = load_seed_gold()
    docs = {d.id: d for d in (read_document(p) for p in sorted(CORPUS.glob("*.txt")))}
    kinds = {c.kind for g in gold for c in g.claims}
    return score_gold_docs(gold, lambda g: _safe(extract_claims, errors, timeout, g.doc_id, docs[g.doc_id]), kinds, FIELDS + SEED_FIELDS)


def run_yun(errors: list[str], timeout: float = DOC_TIMEOUT) -> YunEvaluation:
    """Yun 2024 gold numbers against `extract_text_claims` on each trial's markdown text."""
    _, extract_text_claims = _extractors()
    texts, items = load_yun()
    return evaluate_yun(texts, items, lambda text, pmcid: _safe(extract_text_claims, errors, timeout, pmcid, text, pmcid))


def ei_targets(ev: Evaluation) -> list[Target]:
    """The issue's targets on real abstracts."""
    f = ev.fields
    return [
        Target("value+CI precision", f["value+CI"].precision, 0.95),
        Target("value+CI recall", f["value+CI"].recall, 0.95),
        Target("endpoint precision", f["endpoint"].precision, 0.85),
        Target("endpoint recall", f["endpoint"].recall, 0.85),
        Target("sample size precision", f["sample size"].precision, 0.90),
        Target("sample size recall", f["sample size"].recall, 0.90),
    ]


# ---- printing -------------------------------------------------------------------------------

def _fmt(x: Optional[float]) -> str:
    return "   -" if x is None else f"{x:.2f}"


def _score_row(label: str, s: Score, width: int = 14) -> str:
    return (f"{label:<{width}}{s.gold:>6}{s.pred:>6}{s.tp:>6}   {_fmt(s.precision):>5} {_fmt(s.recall):>5} "
            f"{_fmt(s.f1):>5}   {_fmt(s.accuracy):>5}")


def format_evaluation(title: str, ev: Evaluation, targets: list[Target]) -> str:
    gold_n = sum(s.gold for s in ev.kinds.values())
    pred_n = sum(s.pred for s in ev.kinds.values())
    lines = [f"== {title}: {ev.documents} documents, {gold_n} gold claims, {pred_n} extracted claims scored", ""]
    head = f"{'field':<14}{'gold':>6}{'pred':>6}{'tp':>6}   {'P':>5} {'R':>5} {'F1':>5}   {'acc':>5}"
    lines += [head, "-" * len(head)]
    lines += [_score_row(name, s) for name, s in ev.fields.items()]
    lines += ["", "acc = of the gold figures found (matched), the share whose field is right.", ""]
    head = f"{'kind':<14}{'gold':>6}{'pred':>6}{'tp':>6}   {'P':>5} {'R':>5} {'F1':>5}"
    lines += [head, "-" * len(head)]
    for kind, s in sorted(ev.kinds.items()):
        lines.append(_score_row(kind, s)[: len(head)])
    lines.append("tp = matched by span with the same kind.")
    lines += ["", "F1 per claim kind and field (a true positive needs the same kind on both sides;",
              "blank: neither side has the field for that kind, '-': one side never has it):"]
    names = [n for n in ev.fields if n not in ("kind",)]
    short = {"denominator": "denom", "sample size": "size", "comparator": "comparat."}
    head = f"{'kind':<14}" + "".join(f"{short.get(n, n):>10}" for n in names)
    lines += [head, "-" * len(head)]
    for kind, scores in sorted(ev.kind_fields.items()):
        cells = []
        for n in names:
            sc = scores[n]
            cells.append(f"{'':>10}" if not (sc.gold or sc.pred) else f"{_fmt(sc.f1):>10}")
        lines.append(f"{kind:<14}" + "".join(cells))
    if ev.bad_spans:
        lines.append(f"!! {len(ev.bad_spans)} extracted claims break text[start:end] == quote")
    if targets:
        lines += ["", "targets:"]
        lines += [f"  {t.name:<24} {_fmt(t.value):>5}  >= {t.threshold:.2f}  {'met' if t.met else 'NOT MET'}" for t in targets]
    return "\n".join(lines)


def format_yun(ev: YunEvaluation) -> str:
    lines = [f"== yun2024: {ev.documents} trial texts", ""]
    head = (f"{'number':<11}{'gold':>6}{'R all':>7}{'stated':>8}{'R stated':>10}{'+outcome':>10}"
            f"{'pred':>7}{'P (lower bound)':>17}")
    lines += [head, "-" * len(head)]
    for t in TYPES:
        r, rs, ro, p = ev.recall[t], ev.recall_stated[t], ev.recall_outcome[t], ev.precision[t]
        lines.append(f"{t:<11}{r.gold:>6}{_fmt(r.recall):>7}{rs.gold:>8}{_fmt(rs.recall):>10}{_fmt(ro.recall):>10}"
                     f"{p.pred:>7}{_fmt(p.precision):>17}")
    lines += ["", "stated = the gold number is written in the text; +outcome = carried by a claim whose endpoint",
              "shares a word with the gold outcome; P counts a filled slot right when its number is a gold number",
              "of that type for that trial (a lower bound: the gold covers only some outcomes)."]
    return "\n".join(lines)


def _claim_brief(c: Optional[Claim], field: str) -> str:
    if c is None:
        return "-"
    attr = {"value+CI": ("value", "ci_low", "ci_high"), "sample size": ("kind", "n", "value"),
            "missed": ("kind", "value"), "spurious": ("kind", "value", "endpoint")}.get(field, (field,))
    shown = ", ".join(f"{a}={getattr(c, a)!r}" for a in attr)
    quote = c.quote.replace("\n", " ")
    return f"{shown}  «{quote[:80]}»"


def format_errors(ev: Evaluation) -> str:
    lines = ["", "mismatches (gold | extracted):"]
    for m in ev.mismatches:
        lines.append(f"  {m.doc_id[:24]:<24} {m.field:<12} {_claim_brief(m.gold, m.field)}  |  {_claim_brief(m.pred, m.field)}")
    return "\n".join(lines)


def format_yun_errors(ev: YunEvaluation, limit: int = 200) -> str:
    lines = ["", f"yun2024: stated gold numbers no claim carries ({len(ev.missed)}, first {limit}):"]
    lines += [f"  {m.pmcid:<12} {m.type:<11} {m.value:<8g} ({m.outcomes[:70]})" for m in ev.missed[:limit]]
    return "\n".join(lines)


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evaluation.extraction", description=__doc__.splitlines()[0])
    ap.add_argument("--set", choices=(*SETS, "all"), default="all", help="which gold to score (default: all)")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    ap.add_argument("--show-errors", action="store_true", help="list mismatches between gold and extracted claims")
    ap.add_argument("--doc-timeout", type=float, default=DOC_TIMEOUT, metavar="SECONDS",
                    help=f"give up on a document after this long, scoring it as no claims (default {DOC_TIMEOUT:g}; 0 = no limit)")
    args = ap.parse_args(argv)
    if args.doc_timeout < 0:
        ap.error(f"--doc-timeout must be >= 0, got {args.doc_timeout}")

    chosen = SETS if args.set == "all" else (args.set,)
    out: dict = {}
    text: list[str] = []
    errors: list[str] = []
    try:
        for name in chosen:
            if name == "yun":
                yev = run_yun(errors, args.doc_timeout)
                out["yun"] = yev.as_dict()
                if args.show_errors:
                    out["yun"]["missed"] = [vars(m) for m in yev.missed]
                text.append(format_yun(yev) + (format_yun_errors(yev) if args.show_errors else ""))
                continue
            try:
                if name.startswith("rct-"):
                    ev = run_heldout(name[4:], errors, args.doc_timeout)
                else:
                    ev = (run_ei if name == "ei" else run_seeds)(errors, args.doc_timeout)
            except GoldError as exc:
                if name == "seeds" and args.set == "all":
                    text.append(f"== seeds: skipped ({exc})")
                    out["seeds"] = {"skipped": str(exc)}
                    continue
                raise
            targets = ei_targets(ev) if name == "ei" or name.startswith("rct-") else []
            out[name] = {**ev.as_dict(), "targets": [{"name": t.name, "value": t.value, "threshold": t.threshold, "met": t.met} for t in targets]}
            if args.show_errors:
                out[name]["mismatches"] = [m.as_dict() for m in ev.mismatches]
            text.append(format_evaluation(name, ev, targets) + (format_errors(ev) if args.show_errors else ""))
    except (GoldError, ExtractorMissing) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if errors:
        out["extractor_errors"] = errors
        text.append("extractor errors:\n" + "\n".join(f"  {e}" for e in errors))
    print(json.dumps(out, indent=1) if args.json else "\n\n".join(text))
    return 0


if __name__ == "__main__":
    sys.exit(main())
