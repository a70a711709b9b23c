"""Command line: python -m answer ask|verify|audit (see DESIGN.md, command-line contract).

    python -m answer ask "What was the median follow-up?" [--index DIR] [--json]
    python -m answer ask - --json            # one question per line on stdin -> JSON Lines
    python -m answer verify "95% of infants survived two years" [--json]
    python -m answer verify - --json         # one sentence per line on stdin -> JSON Lines
    python -m answer audit DOC_ID [--json]
    python -m answer report FILE|DOC_ID|- [--format md|csv|json]   # fact-check report of a whole article
"""

from __future__ import annotations

import argparse
import json
import sys

from extract.models import Answer, Audit, Verdict

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


def _progress(done: int, total: int, message: str) -> None:
    print(f"[{done}/{total}] {message}", file=sys.stderr, flush=True)


def _open(args):
    from index import ClaimIndex, open_or_build

    # Only the default index is built on demand; a named folder that holds no index is an error.
    if args.index is None:
        return open_or_build(progress=_progress)
    return ClaimIndex.open(args.index)


# ---- JSON shapes (the contract: add fields, never rename) -----------------------------------------

def answer_json(a: Answer) -> dict:
    d = a.model_dump()
    d["answer"] = a.text
    return d


def verdict_json(v: Verdict) -> dict:
    return v.model_dump()


def audit_json(a: Audit) -> dict:
    return a.model_dump()


def _cited_ids(result) -> list[str]:
    ids = [c.doc_id for c in getattr(result, "citations", [])]
    if isinstance(result, Audit):
        ids = [result.doc_id, *result.compared_with]
    return ids


def with_disputed_copies(d: dict, result, idx) -> dict:
    """Add `disputed_copies`: near-duplicates of the cited sources whose figures disagree (issue 16)."""
    d["disputed_copies"] = [c.model_dump() for c in idx.disputed_copies(_cited_ids(result))]
    return d


def _print_disputed(result, idx) -> None:
    for c in idx.disputed_copies(_cited_ids(result)):
        print(f"  ! disputed copy: {c.message}")


# ---- human-readable output ------------------------------------------------------------------------

def _print_answer(a: Answer) -> None:
    print(a.text)
    for f in a.flags:
        print(f"  ! {f}")
    for c in a.citations:
        print(f"  [{c.n}] {c.title or c.doc_id} ({c.source or c.kind}) [{c.start}:{c.end}]")
        print(f"      \u201c{' '.join(c.quote.split())}\u201d")
    if a.abstained and a.nearest:
        print("  Nearest passages:")
        for h in a.nearest:
            print(f"   - {h.title or h.doc_id} [{h.start}:{h.end}]: {' '.join(h.text.split())[:300]}")


def _print_verdict(v: Verdict) -> None:
    print(f"{v.verdict.upper()}: {v.explanation}")
    for f in v.figures:
        print(f"  {f.figure!r}: {f.status} - {f.explanation}")
        if f.citation:
            print(f"      [{f.citation.n}] {f.citation.title} [{f.citation.start}:{f.citation.end}]: "
                  f"\u201c{' '.join(f.citation.quote.split())}\u201d")
    if not v.figures:
        for c in v.citations:
            print(f"  [{c.n}] {c.title} [{c.start}:{c.end}]: \u201c{' '.join(c.quote.split())}\u201d")


def _print_audit(a: Audit) -> None:
    print(f"Audit of {a.title or a.doc_id} ({a.doc_id})")
    print(f"  study: {a.study}; compared with: {', '.join(a.compared_with) or 'no other source'}")
    for note in a.notes:
        print(f"  ! {note}")
    for r in a.rows:
        print(f"  {r.status:<9} {r.figure.quote!r} [{r.figure.start}:{r.figure.end}] - {r.explanation}")


# ---- commands -------------------------------------------------------------------------------------

def _run(args, handle, to_json, show) -> int:
    """One input from the argument, or one per stdin line with '-' (JSON Lines out)."""
    idx = _open(args)
    if args.text == "-":
        if not args.json:
            print(f"error: '{args.command} -' reads one input per line from stdin and needs --json "
                  "(JSON Lines out)", file=sys.stderr)
            return EXIT_USAGE
        status = EXIT_OK
        for line in sys.stdin:
            line = line.strip()
            if not line:
                continue
            try:
                result = handle(line, idx)
                print(json.dumps(with_disputed_copies(to_json(result), result, idx), ensure_ascii=False), flush=True)
            except ValueError as e:
                print(json.dumps({"input": line, "error": str(e)}, ensure_ascii=False), flush=True)
                status = EXIT_ERROR
        return status
    result = handle(args.text, idx)
    if args.json:
        print(json.dumps(with_disputed_copies(to_json(result), result, idx), ensure_ascii=False))
    else:
        show(result)
        _print_disputed(result, idx)
    return EXIT_OK


def cmd_ask(args) -> int:
    from . import ask

    return _run(args, ask, answer_json, _print_answer)


def cmd_verify(args) -> int:
    from . import verify

    return _run(args, verify, verdict_json, _print_verdict)


def cmd_audit(args) -> int:
    from . import audit

    idx = _open(args)
    result = audit(args.doc_id, idx)
    if args.json:
        print(json.dumps(with_disputed_copies(audit_json(result), result, idx), ensure_ascii=False))
    else:
        _print_audit(result)
        _print_disputed(result, idx)
    return EXIT_OK


def cmd_report(args) -> int:
    from pathlib import Path

    from .audit import UnknownDocument
    from .report import report_document, report_text, to_csv, to_json, to_markdown

    idx = _open(args)
    target = args.target
    if target == "-":
        rep = report_text(sys.stdin.read(), idx)
    elif Path(target).is_file():
        from extract.readers import UnsupportedFile, read_document

        try:
            doc = read_document(target)
        except UnsupportedFile as e:
            raise ValueError(str(e)) from None
        # The file as its reader sees it: boilerplate (subscription prompts, share buttons) is not checked.
        rep = report_document(doc, idx).model_copy(update={"doc_id": ""})
    else:
        doc = idx.document(target)
        if doc is None:
            matches = [d for d in idx.documents() if d.id.startswith(target)] if target else []
            if len(matches) != 1:
                raise UnknownDocument(f"{target!r} is neither a file nor the id of an indexed document "
                                      "(ids are listed in the app's Documents tab and by `python -m index search`)")
            doc = matches[0]
        rep = report_document(doc, idx)
    out = {"md": to_markdown, "csv": to_csv, "json": to_json}[args.format](rep)
    sys.stdout.write(out if out.endswith("\n") else out + "\n")
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m answer", description="Answer questions and check figures "
                                "against the indexed sources.")
    sub = p.add_subparsers(dest="command", required=True)
    for name, fn, what in (("ask", cmd_ask, "a question ('-': one per line on stdin)"),
                           ("verify", cmd_verify, "a sentence quoting figures ('-': one per line on stdin)")):
        sp = sub.add_parser(name, help=f"{name} {what}")
        sp.add_argument("text", metavar="TEXT", help=what)
        sp.add_argument("--index", default=None, help="index folder (default: the repo's .index, built when missing)")
        sp.add_argument("--json", action="store_true", help="print JSON (JSON Lines with '-')")
        sp.set_defaults(func=fn)
    sp = sub.add_parser("audit", help="a news document's figures against the other sources of its study")
    sp.add_argument("doc_id", metavar="DOC_ID")
    sp.add_argument("--index", default=None, help="index folder (default: the repo's .index, built when missing)")
    sp.add_argument("--json", action="store_true", help="print JSON")
    sp.set_defaults(func=cmd_audit)
    sp = sub.add_parser("report", help="fact-check report of a whole article: every figure and statement, "
                                       "with what was not checked")
    sp.add_argument("target", metavar="FILE|DOC_ID|-", help="a file to read, an indexed document's id, or '-' for stdin")
    sp.add_argument("--index", default=None, help="index folder (default: the repo's .index, built when missing)")
    sp.add_argument("--format", choices=("md", "csv", "json"), default="md", help="output format (default: md)")
    sp.set_defaults(func=cmd_report)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    from index import IndexInputError, IndexLoadError

    from .audit import UnknownDocument

    try:
        return args.func(args)
    except (IndexLoadError, IndexInputError, UnknownDocument, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
