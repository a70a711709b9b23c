"""python -m extract FILE... : JSON Lines, one Claim per line (all fields), for each file.

Unsupported or unreadable files get one line on stderr; the others are still processed and the
exit code is 1 at the end.
"""

from __future__ import annotations

import argparse
import sys

from . import extract_claims


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m extract", description="Extract claims from files as JSON Lines.")
    parser.add_argument("files", nargs="+", metavar="FILE", help="documents to read (any supported format)")
    args = parser.parse_args(argv)
    from .readers import UnsupportedFile, read_document

    failed = 0
    out = sys.stdout
    for path in args.files:
        try:
            doc = read_document(path)
        except UnsupportedFile as e:
            print(f"python -m extract: skipped: {e}", file=sys.stderr)
            failed += 1
            continue
        except OSError as e:
            print(f"python -m extract: skipped: {path}: {e.strerror or e}", file=sys.stderr)
            failed += 1
            continue
        for claim in extract_claims(doc):
            out.write(claim.model_dump_json() + "\n")
        out.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # "python -m extract f.txt | head": the reader left; not an error of ours
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
