"""Time to the first answer after a server start, as a user meets it: a fresh process runs the app
(first page, index already built) and then asks one question that needs the embedding model.

    .venv/bin/python bench/bench_app_first_question.py [--index DIR] [--runs N]

Prints, per run, the first page's time and the first question's time (seconds). Each run is its
own process, so nothing is warm from the run before.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# Abstains on the shipped corpus, so it shows the nearest passages: a search, which needs the model.
QUESTION = "How many infants had seizures?"

CHILD = r"""
import json, sys, time
from streamlit.testing.v1 import AppTest
t0 = time.perf_counter()
at = AppTest.from_file(sys.argv[1], default_timeout=300).run()
page = time.perf_counter() - t0
assert not at.exception, at.exception
t1 = time.perf_counter()
at.chat_input(key="chat_input").set_value(sys.argv[2]).run()
first = time.perf_counter() - t1
assert not at.exception, at.exception
t2 = time.perf_counter()
at.chat_input(key="chat_input").set_value(sys.argv[2] + " ").run()
second = time.perf_counter() - t2
print(json.dumps({"page": page, "first_question": first, "second_question": second}))
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", default=str(REPO / ".index"))
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    env = dict(os.environ, EVIDENCE_DESK_INDEX=args.index, EVIDENCE_DESK_CORPUS=str(REPO / "corpus"),
               PYTHONPATH=str(REPO))
    results = []
    for i in range(args.runs):
        out = subprocess.run([sys.executable, "-c", CHILD, str(REPO / "app.py"), QUESTION], env=env, cwd=REPO,
                             capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        results.append(r)
        print(f"run {i + 1}: first page {r['page']:.2f} s, first question {r['first_question']:.2f} s, "
              f"second question {r['second_question']:.2f} s", flush=True)
    for key in ("page", "first_question", "second_question"):
        print(f"median {key}: {statistics.median(r[key] for r in results):.2f} s")
    print(f"load average: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")


if __name__ == "__main__":
    main()
