"""Child process for the crash-safety test: adds files to an index in batches, reporting progress.

    python -m tests.reliability_add_child INDEX_DIR BATCH_SIZE FILE...
    python -m tests.reliability_add_child --build INDEX_DIR CORPUS_DIR

Prints READY once the index is open, then `COMMITTED <i>` after batch i's add() returned (the
parent holds the index to that: a reported commit must survive a SIGKILL that comes after it).
"""

from __future__ import annotations

import sys
from pathlib import Path



def main(argv: list[str]) -> int:
    from index import ClaimIndex, HashingEmbedder

    if argv[0] == "--build":
        print("READY", flush=True)
        ClaimIndex.build(argv[2], argv[1], embedder=HashingEmbedder())
        print("COMMITTED build", flush=True)
        return 0
    index_dir, batch_size, files = Path(argv[0]), int(argv[1]), argv[2:]
    idx = ClaimIndex.open(index_dir)
    print("READY", flush=True)
    for i in range(0, len(files), batch_size):
        report = idx.add(files[i:i + batch_size])
        if report.skipped:
            print(f"SKIPPED {report.skipped}", flush=True)
            return 1
        print(f"COMMITTED {i // batch_size}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
