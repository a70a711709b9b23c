"""Safety of stored data and of the running app (issue 8): nothing is loaded with pickle or eval,
the app binds to localhost, uploads are stored under content-hash names with a size cap."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def product_sources() -> list[Path]:
    """Every Python file we ship or run: the packages, app.py, bench/ and scripts/ (not tests, not .venv)."""
    skip = {".venv", "tests", ".git", ".index", "__pycache__", "test-artifacts", "node_modules"}
    return sorted(p for p in REPO.rglob("*.py") if not skip & set(p.relative_to(REPO).parts))


def _call_name(node: ast.Call) -> str:
    f = node.func
    parts = []
    while isinstance(f, ast.Attribute):
        parts.append(f.attr)
        f = f.value
    if isinstance(f, ast.Name):
        parts.append(f.id)
    return ".".join(reversed(parts))


def _kw(node: ast.Call, name: str):
    for k in node.keywords:
        if k.arg == name:
            return k.value
    return None


def _is_true(node) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


UNSAFE_MODULES = {"pickle", "cPickle", "dill", "shelve", "marshal", "joblib", "cloudpickle", "_pickle"}


def unsafe_uses(path: Path) -> list[str]:
    """Loaders that can run code from a file (pickle & co, eval/exec, yaml.load, torch.load
    without weights_only=True, numpy allow_pickle) and shell=True subprocesses."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except SyntaxError as e:
        return [f"{path}: does not parse ({e})"]
    found = []
    for node in ast.walk(tree):
        where = f"{path.relative_to(REPO)}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name.split(".")[0] in UNSAFE_MODULES:
                    found.append(f"{where} import {a.name}")
        elif isinstance(node, ast.ImportFrom):
            if (node.module or "").split(".")[0] in UNSAFE_MODULES:
                found.append(f"{where} from {node.module} import ...")
        elif isinstance(node, ast.Call):
            name = _call_name(node)
            last = name.rsplit(".", 1)[-1]
            if name in {"eval", "exec", "compile", "__import__"} or name.endswith("builtins.eval"):
                found.append(f"{where} {name}(...)")
            elif name in {"yaml.load", "yaml.unsafe_load", "yaml.full_load"} or (last == "load" and "yaml" in name):
                found.append(f"{where} {name}(...) (use yaml.safe_load)")
            elif last == "load" and name.split(".")[0] == "torch" and not _is_true(_kw(node, "weights_only")):
                found.append(f"{where} {name}(...) without weights_only=True")
            elif _is_true(_kw(node, "allow_pickle")):
                found.append(f"{where} {name}(allow_pickle=True)")
            elif last in {"read_pickle", "from_pickle"}:
                found.append(f"{where} {name}(...)")
            elif name in {"os.system", "os.popen"}:
                found.append(f"{where} {name}(...)")
            elif _is_true(_kw(node, "shell")):
                found.append(f"{where} {name}(..., shell=True)")
    return found


def test_the_scanner_catches_what_it_looks_for(tmp_path: Path, monkeypatch):
    """The scanner itself must flag each unsafe form (so the project-wide test can fail)."""
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import pickle\nfrom joblib import load\nimport yaml, torch, numpy as np, subprocess, os\n"
        "eval('1')\nexec('x=1')\nyaml.load(s)\ntorch.load(f)\ntorch.load(f, weights_only=False)\n"
        "np.load(f, allow_pickle=True)\nsubprocess.run('ls', shell=True)\nos.system('ls')\n"
        "torch.load(f, weights_only=True)\nyaml.safe_load(s)\nnp.load(f)\nast.literal_eval('1')\n"
    )
    monkeypatch.setattr(sys.modules[__name__], "REPO", tmp_path)
    found = unsafe_uses(bad)
    flagged = sorted({int(f.split(":")[1].split()[0]) for f in found})
    assert flagged == [1, 2, 4, 5, 6, 7, 8, 9, 10, 11], found


def test_no_code_loading_deserialisers_or_shell_in_product_code():
    sources = product_sources()
    assert any(p.name == "models.py" for p in sources), "scanner found no product sources"
    found = [f for p in sources for f in unsafe_uses(p)]
    assert not found, "unsafe loading / execution in product code:\n" + "\n".join(found)


# ---- the app binds to localhost by default ----

def test_streamlit_config_binds_to_localhost():
    cfg = REPO / ".streamlit" / "config.toml"
    assert cfg.is_file(), ".streamlit/config.toml is missing: without it `streamlit run app.py` listens on all interfaces"
    conf = tomllib.loads(cfg.read_text(encoding="utf-8"))
    server = conf.get("server", {})
    assert server.get("address") in {"localhost", "127.0.0.1"}, f"server.address is {server.get('address')!r}"
    assert conf.get("browser", {}).get("gatherUsageStats") is False, "usage statistics must be off (no calls out)"
    assert server.get("enableXsrfProtection", True) is True
    assert server.get("enableCORS", True) is True


def test_start_script_binds_to_localhost():
    script = (REPO / "scripts" / "start.sh").read_text(encoding="utf-8")
    runs = [ln for ln in script.splitlines() if "streamlit run" in ln and not ln.lstrip().startswith("#")]
    assert runs, "scripts/start.sh does not start streamlit"
    for ln in runs:
        assert re.search(r"--server\.address[= ](localhost|127\.0\.0\.1)\b", ln), f"not bound to localhost: {ln}"
        assert "0.0.0.0" not in ln


def test_no_source_binds_to_all_interfaces():
    hits = []
    for p in [*product_sources(), *REPO.glob("scripts/*.sh")]:
        for i, ln in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"0\.0\.0\.0|server\.address[= ]+\"?::", ln):
                hits.append(f"{p.relative_to(REPO)}:{i}: {ln.strip()}")
    assert not hits, "binds to all interfaces:\n" + "\n".join(hits)


# ---- uploads: content-hash names inside the corpus folder, with a size cap ----

HOSTILE_NAMES = [
    "../../../../etc/passwd.txt",
    "..\\..\\windows\\system32\\evil.txt",
    "/absolute/path/story.txt",
    "story.txt\x00.pdf",
    "semi;colon $(touch pwned).txt",
    "-rf .txt",
    ".hidden.txt",
    "résumé 中文.txt",
    ("x" * 300) + ".txt",
]


@pytest.fixture()
def save_upload():
    from webui import uploads

    return uploads


@pytest.mark.parametrize("name", HOSTILE_NAMES, ids=lambda n: re.sub(r"\W+", "_", n)[:24])
def test_upload_is_stored_under_its_content_hash_inside_the_folder(save_upload, name: str, tmp_path: Path):
    import hashlib

    folder = tmp_path / "corpus" / "uploads"
    data = b"Two-year disease-free survival was 81.6% among 30 infants.\n"
    saved = save_upload.save_upload(name, data, folder)
    if saved.path is None:
        # refusing a name is fine, but only with a message and without writing anything
        assert saved.error, f"{name!r} refused without a message"
        assert not folder.exists() or not any(folder.iterdir())
        return
    path = Path(saved.path)
    assert path.resolve().parent == folder.resolve(), f"{name!r} stored outside the uploads folder: {path}"
    assert path.stem == hashlib.sha256(data).hexdigest()[:len(path.stem)] and len(path.stem) >= 16, path.name
    assert path.read_bytes() == data
    assert {p.name for p in tmp_path.rglob("*") if p.is_file()} <= {path.name, path.stem + ".meta.json"}
    assert not (tmp_path / "pwned").exists()


def test_upload_over_the_cap_is_refused_and_nothing_written(save_upload, tmp_path: Path):
    folder = tmp_path / "uploads"
    cap = save_upload.MAX_UPLOAD_BYTES
    assert 0 < cap <= 64 * 1024 * 1024, f"upload cap {cap} bytes"
    saved = save_upload.save_upload("big.txt", b"a" * (cap + 1), folder)
    assert saved.path is None and saved.error
    assert "MB" in saved.error and "big.txt" in saved.error
    assert not folder.exists() or not any(folder.iterdir())
    ok = save_upload.save_upload("fits.txt", b"a" * cap, folder)
    assert ok.path is not None and Path(ok.path).stat().st_size == cap


def test_same_bytes_uploaded_twice_are_stored_once(save_upload, tmp_path: Path):
    data = b"Blinatumomab was given to 30 infants.\n"
    a = save_upload.save_upload("a.txt", data, tmp_path)
    b = save_upload.save_upload("b copy.txt", data, tmp_path)
    assert a.path == b.path
    assert [p.name for p in tmp_path.iterdir() if not p.name.endswith(".meta.json")] == [Path(a.path).name]


def test_streamlit_upload_cap_is_no_larger_than_the_apps(save_upload):
    """Streamlit refuses over-size uploads before our code sees them only if its cap is not larger."""
    cfg = REPO / ".streamlit" / "config.toml"
    assert cfg.is_file(), ".streamlit/config.toml is missing"
    mb = int(tomllib.loads(cfg.read_text(encoding="utf-8")).get("server", {}).get("maxUploadSize", 200))
    app_mb = -(-save_upload.MAX_UPLOAD_BYTES // (1024 * 1024))
    # Streamlit's default (200 MB) would hold a ten-times-too-large upload in memory before we refuse it
    assert 0 < mb <= app_mb, f"server.maxUploadSize {mb} MB is above the app's {app_mb} MB cap"


def _listening_addresses(port: int) -> list[str]:
    """Local addresses of sockets in LISTEN state on `port`, read from /proc/net/tcp{,6}."""
    import ipaddress

    out = []
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for ln in lines:
            fields = ln.split()
            addr, port_hex = fields[1].split(":")
            if fields[3] != "0A" or int(port_hex, 16) != port:
                continue
            raw = bytes.fromhex(addr)
            # /proc stores each 32-bit word in host (little-endian) order
            raw = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
            out.append(str(ipaddress.ip_address(raw)))
    return out


def test_app_listens_on_loopback_only_when_started_without_an_address(tmp_path: Path):
    """`streamlit run app.py` as the app's docstring says (no --server.address): the config must keep
    it off every interface but loopback."""
    import os
    import socket
    import subprocess
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([str(REPO / ".venv/bin/streamlit"), "run", "app.py", "--server.port", str(port),
                             "--server.headless", "true"], cwd=REPO, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env={**os.environ, "EVIDENCE_DESK_INDEX": str(tmp_path / "none")})
    try:
        deadline = time.monotonic() + 60
        addresses = []
        while time.monotonic() < deadline and not addresses:
            assert proc.poll() is None, "streamlit exited"
            addresses = _listening_addresses(port)
            time.sleep(0.3)
        assert addresses, "the app never listened"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=10) as r:
            assert r.status == 200
        public = [a for a in addresses if not a.startswith("127.") and a != "::1"]
        assert not public, f"the app listens on {public} (all interfaces): set server.address in .streamlit/config.toml"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
