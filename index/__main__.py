"""Command line: python -m index build|add|remove|search|check (see DESIGN.md, command-line contract)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .claim_index import ClaimIndex, open_or_build
from .errors import IndexInputError, IndexLoadError
from .paths import default_index_dir
from .terminal import printable

EXIT_USAGE, EXIT_INDEX = 2, 1


def _progress(done: int, total: int, message: str) -> None:
    print(printable(f"[{done}/{total}] {message}"), file=sys.stderr, flush=True)


def _open(args) -> ClaimIndex:
    # Only the default index is built on demand; a named folder must exist (a typo should not
    # silently produce a fresh index somewhere else).
    if args.index is None:
        return open_or_build(progress=_progress)
    return ClaimIndex.open(args.index)


def cmd_build(args) -> int:
    if args.ray:
        from .distributed import build_on_ray

        idx = build_on_ray(args.ray, args.corpus, args.index, progress=_progress)
    else:
        idx = ClaimIndex.build(args.corpus, args.index, progress=_progress)
    m = idx.manifest
    print(f"built {idx.index_dir}: {m.documents} documents, {m.passages} passages, {m.claims} claims "
          f"(model {m.model_name}, generation {m.generation})", file=sys.stderr)
    note = getattr(idx.embedder, "recipe_note", "")  # which runtime made the vectors (issue 17)
    print(f"passage vectors: {m.vector_recipe}" + (f" -- {note}" if note else ""), file=sys.stderr)
    return 0


def cmd_add(args) -> int:
    idx = _open(args)
    if args.ray:
        from .distributed import add_on_ray

        report = add_on_ray(idx, args.ray, args.paths, progress=_progress)
    else:
        report = idx.add(args.paths, progress=_progress)
    for path, reason in report.skipped:
        # Reader messages already start with the path; don't print it twice.
        line = f"skipped: {reason}" if str(path) in reason else f"skipped {path}: {reason}"
        print(printable(" ".join(line.split())), file=sys.stderr)
    if args.json:
        print(report.model_dump_json())
    else:
        print(f"added {len(report.added)}, unchanged {len(report.unchanged)}, replaced {len(report.replaced)}, "
              f"skipped {len(report.skipped)}")
    # Like `python -m extract`: the good files are added, but a refused file makes the run fail,
    # so a script that adds a folder notices what was left out.
    return EXIT_INDEX if report.skipped else 0


def cmd_remove(args) -> int:
    idx = _open(args)
    idx.remove(args.doc_id)
    print(f"removed {args.doc_id}", file=sys.stderr)
    return 0


def _result(idx: ClaimIndex, query: str, k: int) -> dict:
    hits = idx.search(query, k=k)
    return {"query": query, "hits": [h.model_dump() for h in hits]}


def _print_human(result: dict) -> None:
    hits = result["hits"]
    # titles, paths and passages come from documents: escape sequences in them never reach the terminal
    if not hits:
        print(printable(f"no passages found for: {result['query']}"))
        return
    for rank, h in enumerate(hits, start=1):
        print(printable(f"{rank:>2}. {h['score']:.4f}  {' '.join((h['title'] or h['doc_id']).split())}  "
                        f"[{h['start']}:{h['end']}]"))
        print(printable(f"    {h['path']}"))
        print(printable("    " + " ".join(h["text"].split())))


def cmd_search(args) -> int:
    idx = _open(args)
    if args.query == "-":
        if not args.json:
            print("error: 'search -' reads queries from stdin and needs --json (JSON Lines out)", file=sys.stderr)
            return EXIT_USAGE
        status = 0
        for line in sys.stdin:
            query = line.strip()
            if not query:
                continue
            try:
                print(json.dumps(_result(idx, query, args.k), ensure_ascii=False), flush=True)
            except IndexInputError as e:
                print(json.dumps({"query": query, "hits": [], "error": str(e)}), flush=True)
                status = EXIT_USAGE
        return status
    result = _result(idx, args.query, args.k)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        _print_human(result)
    return 0


def cmd_check(args) -> int:
    idx = _open(args)
    problems = idx.check()
    for p in problems:
        print(printable(p))
    kind, recall = idx.dense_report()
    print(f"vectors: {kind} ({idx.manifest.vector_recipe}), recall@10 against exact search {recall:.3f}"
          + (" (exact)" if kind == "flat" else " on 200 sampled queries"), file=sys.stderr)
    m = idx.manifest
    print(f"{'inconsistent' if problems else 'ok'}: {m.documents} documents, {m.passages} passages, "
          f"{m.claims} claims, generation {m.generation}", file=sys.stderr)
    return EXIT_INDEX if problems else 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m index", description="Build, update and search the evidence index.")
    sub = p.add_subparsers(dest="command", required=True)

    def index_option(sp):
        sp.add_argument("--index", type=Path, default=None, help=f"index folder (default {default_index_dir()})")

    def ray_option(sp):
        sp.add_argument("--ray", metavar="ADDRESS", default=None,
                        help="read, extract and embed on a Ray cluster (ray.init address, or 'local')")

    b = sub.add_parser("build", help="build a fresh index from a corpus folder")
    b.add_argument("--corpus", type=Path, default=None, help="folder of documents (default corpus/)")
    index_option(b)
    ray_option(b)
    b.set_defaults(func=cmd_build)

    a = sub.add_parser("add", help="add files or folders (same content again is a no-op)")
    a.add_argument("paths", nargs="+", type=Path)
    a.add_argument("--json", action="store_true", help="print the report as JSON")
    index_option(a)
    ray_option(a)
    a.set_defaults(func=cmd_add)

    r = sub.add_parser("remove", help="remove a document by id")
    r.add_argument("doc_id")
    index_option(r)
    r.set_defaults(func=cmd_remove)

    s = sub.add_parser("search", help="search passages; '-' reads one query per line from stdin")
    s.add_argument("query")
    s.add_argument("-k", type=int, default=10, help="number of passages (default 10)")
    s.add_argument("--json", action="store_true", help="JSON output (JSON Lines with '-')")
    index_option(s)
    s.set_defaults(func=cmd_search)

    c = sub.add_parser("check", help="verify FAISS ids, metadata rows and manifest agree")
    index_option(c)
    c.set_defaults(func=cmd_check)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except IndexLoadError as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_INDEX
    except (IndexInputError, TimeoutError) as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except OSError as e:
        # a full disk, a read-only folder, a permission: one line that names the file, no traceback
        if isinstance(e, BrokenPipeError):  # e.g. piped into head: stop quietly
            sys.stderr.close()
            return 0
        where = f" ({e.filename})" if getattr(e, "filename", None) else ""
        print(printable(f"error: {e.strerror or e}{where}"), file=sys.stderr)
        return EXIT_INDEX


if __name__ == "__main__":
    sys.exit(main())
