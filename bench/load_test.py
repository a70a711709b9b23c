"""Bounded load test on loopback: many Streamlit sessions, plain HTTP, in-process ask(), CLI calls.

    .venv/bin/python -m bench.load_test                       # 30 s per workload, 8 workers
    .venv/bin/python -m bench.load_test --seconds 5 --workloads sessions,http,ask --json

Workloads (each runs for --seconds, one after the other):
  sessions  real Streamlit sessions over the app's websocket (/_stcore/stream): each worker opens a
            session, asks questions through the chat input, checks the answer shows the expected
            figure, and starts a new session every few questions
  http      GET of the page and of /_stcore/health
  ask       answer.ask() from threads on one shared index (what the sessions share)
  cli       `python -m answer ask - --json` processes, a batch of questions each (at most 2 at once)

Per workload it prints requests, errors, throughput, p50/p95/max latency, and for the app's workloads
the server's resident memory (RSS, sampled every second) at the start and end of the workload and its
peak: `--workloads sessions --seconds 600` is the long run that shows whether memory stays bounded
(.streamlit/config.toml turns off Streamlit's full garbage collection after each rerun). A request is an error
when it raises, times out, gets a non-200, renders an exception, or shows a wrong answer; server-side
tracebacks in the app's log count as errors too. Exit status 1 when any error occurred.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parent.parent
PYTHON = str(REPO / ".venv" / "bin" / "python")
STREAMLIT = str(REPO / ".venv" / "bin" / "streamlit")

# Questions about the shipped seeds and a fragment every correct answer shows (None: must abstain).
QUESTIONS: list[tuple[str, str | None]] = [
    ("How many infants were treated?", "30"),
    ("What was the two-year disease-free survival?", "81.6%"),
    ("What was the 2-year overall survival with blinatumomab?", "93.3%"),
    ("What is the survival with pembrolizumab in melanoma?", None),
]
ABSTAIN_MARK = "Not in the sources"
QUESTIONS_PER_SESSION = 4  # then a new session: many sessions, and a bounded chat history


@dataclass
class Tally:
    """Latencies and errors of one workload."""

    name: str
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, latency: float, error: str | None) -> None:
        with self.lock:
            self.latencies.append(latency)
            if error:
                self.errors.append(error)

    def summary(self) -> dict:
        lat = sorted(self.latencies)
        n = len(lat)

        def pct(p: float) -> float:
            return round(1000 * lat[min(n - 1, int(p * n))], 1) if n else 0.0

        return {"workload": self.name, "requests": n, "errors": len(self.errors),
                "throughput_per_s": round(n / self.seconds, 2) if self.seconds else 0.0,
                "p50_ms": pct(0.50), "p95_ms": pct(0.95), "max_ms": round(1000 * lat[-1], 1) if n else 0.0,
                "mean_ms": round(1000 * statistics.fmean(lat), 1) if n else 0.0,
                "first_errors": self.errors[:3]}


def drive(tally: Tally, workers: int, seconds: float, make_step: Callable[[int], Callable[[], str | None]]) -> None:
    """Run `workers` threads, each calling its step until time is up; a step returns an error or None."""
    deadline = time.monotonic() + seconds

    def worker(i: int) -> None:
        try:
            step = make_step(i)
        except Exception as e:  # a worker that cannot even start is one error, not a crash of the test
            tally.record(0.0, f"worker {i} setup: {type(e).__name__}: {e}")
            return
        while time.monotonic() < deadline:
            t0 = time.perf_counter()
            try:
                error = step()
            except Exception as e:
                error = f"{type(e).__name__}: {e}"
            tally.record(time.perf_counter() - t0, error)

    start = time.monotonic()
    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 180)
    tally.seconds = time.monotonic() - start


def check_answer_text(text: str, expected: str | None) -> str | None:
    if expected is None:
        return None if ABSTAIN_MARK.lower() in text.lower() else "answered a question the sources do not answer"
    return None if expected in text else f"expected {expected!r} in the answer"


# ------------------------------------------------------------------ the app on a loopback port

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class App:
    """`streamlit run app.py` on 127.0.0.1:<free port> with the given index; log kept for errors."""

    def __init__(self, index_dir: Path | None):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.NamedTemporaryFile("w+", prefix="load-test-app-", suffix=".log", delete=False)
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        if index_dir is not None:
            env["EVIDENCE_DESK_INDEX"] = str(index_dir)
        self.proc = subprocess.Popen(
            [STREAMLIT, "run", "app.py", "--server.address", "127.0.0.1", "--server.port", str(self.port),
             "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=REPO, stdout=self.log, stderr=subprocess.STDOUT, env=env)

    def wait_healthy(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the app exited with {self.proc.returncode}: {self.log_text()[-2000:]}")
            try:
                with urllib.request.urlopen(self.base + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"the app was not healthy after {timeout:.0f} s")

    def rss_mb(self) -> float:
        """The server process's resident memory now (0 when it has exited)."""
        try:
            with open(f"/proc/{self.proc.pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1]) / 1024
        except OSError:
            pass
        return 0.0

    def log_text(self) -> str:
        return Path(self.log.name).read_text(encoding="utf-8", errors="replace")

    def server_errors(self) -> list[str]:
        return [ln for ln in self.log_text().splitlines() if "Traceback" in ln or ln.startswith(("Error", "Exception"))]

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()
        os.unlink(self.log.name)


class Session:
    """One browser session, spoken over the app's websocket with Streamlit's own protobufs."""

    def __init__(self, app: App, timeout: float = 120):
        from websockets.sync.client import connect

        self.timeout = timeout
        self._connection = connect(f"ws://127.0.0.1:{app.port}/_stcore/stream", subprotocols=["streamlit"],
                                   max_size=None, open_timeout=timeout)
        self.ws = self._connection.__enter__()
        self.chat_id: str | None = None
        self.elements = self.run()
        for kind, value in self.elements:
            if kind == "chat_input":
                self.chat_id = value.id
        if self.chat_id is None:
            alerts = [v.body for k, v in self.elements if k in ("alert", "exception") and hasattr(v, "body")]
            raise RuntimeError(f"the page has no chat input: {' / '.join(alerts)[:300] or 'no message'}")

    def run(self, widget_states=None) -> list[tuple[str, object]]:
        """One script run; returns the (kind, proto) elements it drew."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        msg = BackMsg()
        msg.rerun_script.query_string = ""
        msg.rerun_script.page_script_hash = ""
        if widget_states is not None:
            msg.rerun_script.widget_states.CopyFrom(widget_states)
        self.ws.send(msg.SerializeToString())
        elements = []
        while True:
            fwd = ForwardMsg()
            fwd.ParseFromString(self.ws.recv(timeout=self.timeout))
            kind = fwd.WhichOneof("type")
            if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                el = fwd.delta.new_element
                ekind = el.WhichOneof("type")
                elements.append((ekind, getattr(el, ekind)))
            elif kind == "script_finished":
                return elements

    def ask(self, question: str) -> list[tuple[str, object]]:
        from streamlit.proto.WidgetStates_pb2 import WidgetStates

        states = WidgetStates()
        w = states.widgets.add()
        w.id = self.chat_id
        w.chat_input_value.data = question
        return self.run(states)

    def close(self) -> None:
        self._connection.__exit__(None, None, None)


def rendered_text(elements: list[tuple[str, object]]) -> str:
    parts = []
    for kind, value in elements:
        if kind == "exception":
            raise RuntimeError(f"the page shows an exception: {value.message}")
        for attr in ("body", "value", "label"):
            if hasattr(value, attr) and isinstance(getattr(value, attr), str):
                parts.append(getattr(value, attr))
    return "\n".join(parts)


def sessions_workload(app: App, tally: Tally, workers: int, seconds: float) -> None:
    def make_step(i: int):
        state = {"session": None, "asked": 0, "q": i}

        def step() -> str | None:
            if state["session"] is None or state["asked"] >= QUESTIONS_PER_SESSION:
                if state["session"] is not None:
                    state["session"].close()
                state["session"], state["asked"] = Session(app), 0
            question, expected = QUESTIONS[state["q"] % len(QUESTIONS)]
            state["q"] += 1
            state["asked"] += 1
            # the newest turn is drawn last; check only what this question added
            text = rendered_text(state["session"].ask(question))
            turn = text[text.rfind(question):] if question in text else text
            return check_answer_text(turn, expected)

        return step

    drive(tally, workers, seconds, make_step)


def http_workload(app: App, tally: Tally, workers: int, seconds: float) -> None:
    def make_step(i: int):
        paths = ["/", "/_stcore/health"]
        n = [i]

        def step() -> str | None:
            path = paths[n[0] % 2]
            n[0] += 1
            with urllib.request.urlopen(app.base + path, timeout=30) as r:
                body = r.read()
                if r.status != 200:
                    return f"GET {path}: HTTP {r.status}"
                if path == "/_stcore/health" and body.strip() != b"ok":
                    return f"GET {path}: {body[:80]!r}"
            return None

        return step

    drive(tally, workers, seconds, make_step)


class RssSampler:
    """The app server's RSS once a second while a workload runs."""

    def __init__(self, app: App, every: float = 1.0):
        self.app = app
        self.samples = [app.rss_mb()]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(every,), daemon=True)
        self._thread.start()

    def _run(self, every: float) -> None:
        while not self._stop.wait(every):
            self.samples.append(self.app.rss_mb())

    def stop(self) -> dict:
        self._stop.set()
        self._thread.join()
        self.samples.append(self.app.rss_mb())
        start, end = self.samples[0], self.samples[-1]
        return {"rss_start_mb": round(start, 1), "rss_end_mb": round(end, 1),
                "rss_max_mb": round(max(self.samples), 1),
                "rss_growth_pct": round(100 * (end - start) / start, 1) if start else 0.0}


# ------------------------------------------------------------------ in-process and CLI

def ask_workload(index_dir: Path | None, tally: Tally, workers: int, seconds: float) -> None:
    from answer import ask
    from index import ClaimIndex, open_or_build

    idx = ClaimIndex.open(index_dir) if index_dir else open_or_build()
    for question, _ in QUESTIONS:  # warm: the answer view of the corpus, and the model for abstentions
        ask(question, idx)

    def make_step(i: int):
        n = [i]

        def step() -> str | None:
            question, expected = QUESTIONS[n[0] % len(QUESTIONS)]
            n[0] += 1
            a = ask(question, idx)
            for c in a.citations:
                doc = idx.document(c.doc_id)
                if doc is None or doc.text[c.start:c.end] != c.quote:
                    return f"citation [{c.n}] is not the text at its offsets"
            return check_answer_text(a.text, expected)

        return step

    drive(tally, workers, seconds, make_step)


def cli_workload(index_dir: Path | None, tally: Tally, workers: int, seconds: float) -> None:
    batch = [q for q, _ in QUESTIONS] * 3

    def make_step(i: int):
        def step() -> str | None:
            cmd = [PYTHON, "-m", "answer", "ask", "-", "--json"] + (["--index", str(index_dir)] if index_dir else [])
            proc = subprocess.run(cmd, cwd=REPO, input="\n".join(batch) + "\n", capture_output=True, text=True,
                                  timeout=300, env={**os.environ, "PYTHONPATH": str(REPO)})
            if proc.returncode != 0 or "Traceback" in proc.stderr:
                return f"exit {proc.returncode}: {proc.stderr.strip().splitlines()[-1:] }"
            rows = [json.loads(ln) for ln in proc.stdout.splitlines() if ln.strip()]
            if len(rows) != len(batch):
                return f"{len(rows)} answers for {len(batch)} questions"
            for row, q in zip(rows, batch):
                err = check_answer_text(row.get("answer", ""), dict(QUESTIONS)[q])
                if err:
                    return f"{q!r}: {err}"
            return None

        return step

    drive(tally, min(workers, 2), seconds, make_step)


# ------------------------------------------------------------------ main

def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--seconds", type=float, default=30.0, help="duration of each workload (default 30)")
    p.add_argument("--workers", type=int, default=8, help="concurrent sessions / threads (default 8)")
    p.add_argument("--workloads", default="sessions,http,ask,cli", help="comma-separated subset")
    p.add_argument("--index", type=Path, default=None, help="index folder (default: the app's default index)")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = p.parse_args(argv)
    if args.seconds <= 0 or args.workers <= 0:
        p.error("--seconds and --workers must be positive")
    wanted = [w.strip() for w in args.workloads.split(",") if w.strip()]
    unknown = set(wanted) - {"sessions", "http", "ask", "cli"}
    if unknown:
        p.error(f"unknown workloads: {', '.join(sorted(unknown))}")

    results = []
    app = None
    try:
        if {"sessions", "http"} & set(wanted):
            app = App(args.index)
            app.wait_healthy()
            # warm: the first session loads the index, the model and the answer view
            warm = Session(app)
            for question, _ in QUESTIONS:
                warm.ask(question)
            warm.close()
        for name in wanted:
            tally = Tally(name)
            sampler = RssSampler(app) if app is not None and name in ("sessions", "http") else None
            if name == "sessions":
                sessions_workload(app, tally, args.workers, args.seconds)
            elif name == "http":
                http_workload(app, tally, args.workers, args.seconds)
            elif name == "ask":
                ask_workload(args.index, tally, args.workers, args.seconds)
            else:
                cli_workload(args.index, tally, args.workers, args.seconds)
            summary = tally.summary()
            if sampler is not None:
                summary.update(sampler.stop())
            results.append(summary)
        server_errors = app.server_errors() if app else []
    finally:
        if app is not None:
            app.stop()
    total_errors = sum(r["errors"] for r in results) + len(server_errors)
    report = {"seconds_per_workload": args.seconds, "workers": args.workers, "cpus": os.cpu_count(),
              "results": results, "server_errors": server_errors[:5], "total_errors": total_errors}
    if args.json:
        print(json.dumps(report))
    else:
        print(f"load test on loopback: {args.workers} workers, {args.seconds:.0f} s per workload, {os.cpu_count()} CPUs")
        print(f"{'workload':<10}{'requests':>10}{'errors':>8}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
        for r in results:
            print(f"{r['workload']:<10}{r['requests']:>10}{r['errors']:>8}{r['throughput_per_s']:>9}"
                  f"{r['p50_ms']:>9}{r['p95_ms']:>9}{r['max_ms']:>9}")
            if "rss_start_mb" in r:
                print(f"    server RSS {r['rss_start_mb']:.0f} -> {r['rss_end_mb']:.0f} MB "
                      f"(peak {r['rss_max_mb']:.0f}, growth {r['rss_growth_pct']}%)")
            for e in r["first_errors"]:
                print(f"    error: {e}")
        for e in server_errors[:5]:
            print(f"    server: {e}")
        print(f"total errors: {total_errors}; load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 1 if total_errors else 0


if __name__ == "__main__":
    sys.exit(main())
