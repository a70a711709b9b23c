"""End to end in a real browser: Debian's chromium driven by Playwright (no browser download).

Starts `streamlit run app.py` on a free port with a private corpus copy (plus one hostile
document) and a fresh index folder, so the first launch builds the index as a new user's would.
Screenshots and measured times go to test-artifacts/.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

QUESTION = "What was the two-year overall survival compared with Interfant-06?"
CHECK = "Two-year overall survival was 93.3% with blinatumomab."
HOSTILE_TITLE = "Hostile page **bold** <script>alert(1)</script>"
HOSTILE = (f"{HOSTILE_TITLE}\n\n"
           "A trial of 12 patients reported <img src=x onerror=alert(1)> a response rate of 50%. "
           "See [link](javascript:alert(1)) and <b>bold tag</b>.\n")

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("localhost", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"streamlit did not answer at {url} within {timeout} s")


@contextlib.contextmanager
def running_app(corpus: Path, index: Path):
    """`streamlit run app.py` on a free port; yields (url, the moment it was launched)."""
    port = _free_port()
    env = dict(os.environ, EVIDENCE_DESK_INDEX=str(index), EVIDENCE_DESK_CORPUS=str(corpus))
    ARTIFACTS.mkdir(exist_ok=True)
    with (ARTIFACTS / "streamlit.log").open("a") as log:
        started = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(REPO / "app.py"), "--server.address", "localhost",
             "--server.port", str(port), "--server.headless", "true"],
            cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
        try:
            url = f"http://localhost:{port}"
            _wait_healthy(url, proc)
            yield url, started
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


@pytest.fixture
def corpus(tmp_path) -> Path:
    """A private copy of the shipped corpus plus one hostile document."""
    folder = tmp_path / "corpus"
    shutil.copytree(REPO / "corpus", folder)
    (folder / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    return folder


@pytest.fixture
def browser():
    if not CHROMIUM.exists():
        pytest.fail("Debian chromium not found at /usr/bin/chromium: install it with `apt-get install -y chromium` "
                    "(the project's set-up does this in CI)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def _ask(page, question: str, answers_before: int):
    from playwright.sync_api import expect

    chat = page.get_by_placeholder("Ask a question about the studies")
    chat.fill(question)
    chat.press("Enter")
    expect(page.locator(".ed-answer")).to_have_count(answers_before + 1, timeout=120_000)
    return page.locator(".ed-answer").nth(answers_before)


def test_ask_cite_open_verify_and_hostile_text(browser, corpus, tmp_path):
    from playwright.sync_api import expect

    index = tmp_path / "index"  # fresh: the first launch builds it
    timings: dict[str, float] = {}
    dialogs: list[str] = []
    with running_app(corpus, index) as (url, started):
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(url)

        # First launch on a fresh index: a progress bar while the app builds it, then the chat.
        expect(page.locator('[data-testid="stProgress"]')).to_be_visible(timeout=60_000)
        page.screenshot(path=str(ARTIFACTS / "00-first-launch-building.png"))
        chat = page.get_by_placeholder("Ask a question about the studies")
        expect(chat).to_be_visible(timeout=180_000)
        timings["cold_launch_to_chat_ready_s"] = time.monotonic() - started
        expect(page.get_by_role("button", name=QUESTION)).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / "01-empty-chat.png"), full_page=True)

        # Ask: the figure and its numbered citation appear.
        t0 = time.monotonic()
        answer = _ask(page, QUESTION, 0)
        expect(answer).to_contain_text("93.3%")
        timings["cold_first_answer_s"] = time.monotonic() - t0
        timings["cold_launch_to_first_answer_s"] = time.monotonic() - started
        expect(answer).to_contain_text("[1]")
        citation = page.locator('[data-testid="stExpander"] summary').filter(has_text="[1]").first
        expect(citation).to_contain_text("Blinatumomab")
        page.screenshot(path=str(ARTIFACTS / "02-answer.png"), full_page=True)

        # Open the citation: the passage with the cited span highlighted.
        citation.click()
        mark = page.locator("mark.ed-cite").first
        expect(mark).to_be_visible()
        # the cited span is drawn in pieces where the figures it states are marked inside it
        cited_text = page.locator(".ed-text").filter(has=mark).first.evaluate(
            "el => [...el.querySelectorAll('mark.ed-cite')].map(m => m.textContent).join('')")
        assert "93.3%" in cited_text, cited_text
        expect(page.locator(".ed-text").filter(has=mark).first.locator("mark.ed-figure").first).to_be_visible()
        page.wait_for_timeout(500)  # let the expander finish opening
        page.screenshot(path=str(ARTIFACTS / "03-citation-open.png"), full_page=True)

        # Jump to the whole document at that place.
        page.get_by_role("button", name="Open the whole document at this place").first.click()
        cited = page.locator("mark#cited")
        expect(cited).to_be_visible(timeout=30_000)
        cited.scroll_into_view_if_needed()
        # the marked characters of the whole document, without the claim labels drawn after spans
        marked = page.locator(".ed-text").filter(has=cited).evaluate("""el => [...el.querySelectorAll('mark.ed-cite')]
            .map(m => { const c = m.cloneNode(true); c.querySelectorAll('.ed-label').forEach(x => x.remove());
                        return c.textContent; }).join('')""")
        assert "93.3% (95% CI, 75.9 to 98.3)" in marked, marked
        expect(page.locator(".ed-boiler").first).to_contain_text("not citable")
        page.screenshot(path=str(ARTIFACTS / "04-document-at-citation.png"))

        # A second question in the same session.
        page.get_by_role("tab", name="Chat").click()
        t0 = time.monotonic()
        expect(_ask(page, "How many infants were treated?", 1)).to_contain_text("30")
        timings["second_answer_s"] = time.monotonic() - t0

        # Verify a pasted sentence: a card per figure and an overall verdict.
        page.get_by_role("tab", name="Verify").click()
        box = page.get_by_label("Text to check")
        box.fill(CHECK)
        box.press("Control+Enter")  # commit the text area before the click
        t0 = time.monotonic()
        page.get_by_role("button", name="Check the figures").click()
        expect(page.locator(".ed-card").first).to_contain_text("Overall", timeout=60_000)
        timings["verify_s"] = time.monotonic() - t0
        expect(page.locator(".ed-card .ed-status").nth(1)).to_contain_text("supported")
        expect(page.locator(".ed-card").nth(1)).to_contain_text("93.3%")
        page.screenshot(path=str(ARTIFACTS / "05-verify.png"), full_page=True)

        # Evidence table and forest plot render from the index's claims.
        page.get_by_role("tab", name="Evidence table").click()
        expect(page.get_by_text(re.compile(r"^\d+ of \d+ claims$"))).to_be_visible(timeout=30_000)
        expect(page.get_by_role("button", name="Download CSV")).to_be_visible()
        expect(page.locator('[data-testid="stDataFrame"]').first).to_be_visible()
        page.wait_for_timeout(1000)  # the grid paints after it is attached
        page.screenshot(path=str(ARTIFACTS / "06-evidence-table.png"), full_page=True)
        page.get_by_role("tab", name="Forest plot").click()
        expect(page.locator('[data-testid="stVegaLiteChart"]').first).to_be_visible(timeout=30_000)
        page.wait_for_timeout(500)
        page.screenshot(path=str(ARTIFACTS / "07-forest-plot.png"), full_page=True)

        # Hostile source text shows literally and injects nothing.
        page.get_by_role("tab", name="Documents").click()
        page.locator('[data-testid="stSelectbox"]').filter(has_text="Document").click()
        page.get_by_role("option", name="Hostile page").click()
        body = page.locator(".ed-text").last
        expect(body).to_contain_text("<img src=x onerror=alert(1)>")
        expect(body).to_contain_text("[link](javascript:alert(1))")
        expect(body).to_contain_text("<b>bold tag</b>")
        expect(page.locator("[data-testid='stSidebar']")).to_contain_text(HOSTILE_TITLE)
        page.wait_for_timeout(1000)  # give an injected onerror handler time to fire
        injected = page.evaluate("""() => ({
            img: document.querySelectorAll('img[src="x"]').length,
            js_links: document.querySelectorAll('a[href^="javascript"]').length,
            scripts: [...document.scripts].filter(s => s.textContent.includes('alert(1)')).length,
            bold: [...document.querySelectorAll('b, strong')].filter(b => ['bold', 'bold tag'].includes(b.textContent.trim())).length,
        })""")
        page.screenshot(path=str(ARTIFACTS / "08-hostile-document.png"), full_page=True)
        page.close()

    # Warm start: the same index on disk, a new server process.
    with running_app(corpus, index) as (url, started):
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url)
        expect(page.get_by_placeholder("Ask a question about the studies")).to_be_visible(timeout=120_000)
        timings["warm_launch_to_chat_ready_s"] = time.monotonic() - started
        t0 = time.monotonic()
        expect(_ask(page, QUESTION, 0)).to_contain_text("93.3%")
        timings["warm_first_answer_s"] = time.monotonic() - t0
        timings["warm_launch_to_first_answer_s"] = time.monotonic() - started
        page.close()

    (ARTIFACTS / "browser-timings.json").write_text(json.dumps(timings, indent=1))
    print("browser timings:", json.dumps(timings))
    assert dialogs == [], f"a source text ran script: {dialogs}"
    assert injected == {"img": 0, "js_links": 0, "scripts": 0, "bold": 0}, injected


# ---- the fact-checker's flow: a story and its journal paper, one study, audit, report, forest plot ----

def _shot(page, name: str, *, full: bool = True) -> None:
    page.wait_for_timeout(600)  # grids and charts paint after they are attached
    page.screenshot(path=str(ARTIFACTS / name), full_page=full)


def _upload(page, path: Path, kind_label: str, added: str, documents: int, *, new_study: str = "",
            study_label: str = "") -> None:
    from playwright.sync_api import expect

    page.get_by_role("tab", name="Upload").click()
    form = page.locator('[data-testid="stForm"]').filter(has_text="Add to the index")
    form.locator('input[type="file"]').set_input_files(str(path))
    expect(form.get_by_text(path.name)).to_be_visible(timeout=30_000)
    form.locator('[data-testid="stSelectbox"]').filter(has_text="news story, a journal paper").click()
    page.get_by_role("option", name=kind_label).click()
    if study_label:
        form.locator('[data-testid="stSelectbox"]').filter(has_text="Study this text reports").click()
        page.get_by_role("option", name=study_label).click()
    if new_study:
        form.get_by_label("Name of the new study").fill(new_study)
    form.get_by_role("button", name="Add to the index").click()
    expect(page.get_by_text(re.compile(r"Added 1 document.*" + added))).to_be_visible(timeout=120_000)
    # the page is drawn again after an add: wait for that run to finish before the next action
    expect(page.locator("[data-testid='stSidebar']")).to_contain_text(f"{documents} documents in the index",
                                                                      timeout=60_000)
    expect(page.locator("[data-testid='stStatusWidget']")).to_be_hidden(timeout=60_000)


def test_fact_checker_links_a_story_to_its_paper_audits_reports_and_plots(browser, tmp_path):
    from playwright.sync_api import expect

    from tests.app.test_studies import JOURNAL, NEWS, STUDY_NAME, eval_file

    corpus = tmp_path / "corpus"
    shutil.copytree(REPO / "corpus", corpus)
    index = tmp_path / "index"
    story = tmp_path / "ileus-story.txt"
    story.write_text(NEWS, encoding="utf-8")
    paper = tmp_path / "paper.txt"
    paper.write_bytes(eval_file(*JOURNAL).read_bytes())
    with running_app(corpus, index) as (url, _):
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        page.goto(url)
        expect(page.get_by_placeholder("Ask a question about the studies")).to_be_visible(timeout=180_000)

        # Upload the story (a new study, named) and then its journal abstract (that study, picked).
        _upload(page, story, "News story", "Old heart drug", 3, new_study=STUDY_NAME)
        _upload(page, paper, "Journal paper or abstract", "Oral Pyridostigmine", 4, study_label=STUDY_NAME)
        expect(page.locator("[data-testid='stSidebar']")).to_contain_text("4 documents in the index", timeout=60_000)
        _shot(page, "10-upload-study.png")

        # The Documents tab: the story's audit against its paper, in words.
        page.get_by_role("tab", name="Documents").click()
        chooser = page.get_by_role("combobox", name="Document")
        expect(chooser).to_be_visible(timeout=30_000)
        try:
            chooser.click()
            page.get_by_role("option", name=re.compile("Old heart drug")).click()
        except Exception:
            _shot(page, "99-failure.png")
            raise
        audit = page.locator('[data-testid="stExpander"]').filter(has_text="Cross-source audit")
        expect(audit).to_contain_text("Compared with: ", timeout=30_000)
        grid = audit.locator('[data-testid="stDataFrame"]')
        expect(grid).to_be_visible()
        audit.scroll_into_view_if_needed()
        _shot(page, "11-audit-1400.png")
        cells = grid.evaluate("el => el.innerText")
        # a glide grid draws on canvas; its accessible table mirrors the cells
        rows_text = page.evaluate("""() => [...document.querySelectorAll('[data-testid="stDataFrame"] table td, '
            + '[data-testid="stDataFrame"] [role="gridcell"]')].map(c => c.textContent).join(' | ')""")
        assert "agrees with the journal" in rows_text + cells, rows_text
        assert "differs: the journal says 50%" in rows_text + cells, rows_text

        # The fact-check report on the story, downloaded as Markdown and CSV.
        page.get_by_role("tab", name="Verify").click()
        picker = page.locator('[data-testid="stExpander"]').filter(has_text="Or write the report")
        picker.locator("summary").click()
        story_box = picker.get_by_role("combobox")
        status = page.locator("[data-testid='stStatusWidget']")
        card = page.locator(".ed-card").first
        # A rerun while the list is open closes it, and a pick can be lost to a late rerun: pick when
        # the page is idle, and judge by the report the server wrote (its title), trying again if not.
        for _attempt in range(4):
            expect(status).to_be_hidden(timeout=60_000)
            story_box.click()
            page.keyboard.type("Old heart drug")  # the list filters as one types; Enter picks the first shown
            try:
                expect(page.get_by_role("option")).to_have_count(1, timeout=10_000)
                expect(page.get_by_role("option")).to_contain_text("Old heart drug", timeout=5_000)
            except AssertionError:
                page.keyboard.press("Escape")
                continue
            page.keyboard.press("Enter")
            expect(status).to_be_hidden(timeout=60_000)
            page.wait_for_timeout(500)
            expect(status).to_be_hidden(timeout=60_000)
            picker.get_by_role("button", name="Fact-check report on this story").click()
            expect(page.get_by_role("button", name="Download Markdown")).to_be_visible(timeout=60_000)
            expect(status).to_be_hidden(timeout=60_000)
            if "Old heart drug" in card.inner_text():
                break
        expect(card).to_contain_text("Fact-check report")
        expect(card).to_contain_text("Old heart drug")  # the story picked, not the first one
        _shot(page, "12-report-1400.png")
        with page.expect_download() as md:
            page.get_by_role("button", name="Download Markdown").click()
        md_path = ARTIFACTS / "fact-check-report.md"
        md.value.save_as(str(md_path))
        with page.expect_download() as csv_download:
            page.get_by_role("button", name="Download CSV").click()
        csv_path = ARTIFACTS / "fact-check-report.csv"
        csv_download.value.save_as(str(csv_path))
        markdown = md_path.read_text()
        assert markdown.startswith("# Fact-check report: Old heart drug") and "## Not checked" in markdown
        assert "“60%”: **contradicted by the sources**" in markdown and re.search(r"Source figure: .*50%", markdown)
        assert "60%" in csv_path.read_text() and csv_path.read_text().startswith("row,type,sentence,figure,verdict")

        # Ctrl+Enter in the text box runs the check.
        box = page.get_by_label("Text to check")
        box.fill(CHECK)
        box.press("Control+Enter")
        expect(page.locator(".ed-card").first).to_contain_text("Overall", timeout=60_000)

        # The forest plot: the comparable estimates only.
        page.get_by_role("tab", name="Forest plot").click()
        expect(page.locator('[data-testid="stVegaLiteChart"]').first).to_be_visible(timeout=30_000)
        _shot(page, "13-forest-1400.png")

        # Chat: the [n] markers are links to their citations; one design badge, no icon words.
        page.get_by_role("tab", name="Chat").click()
        answer = _ask(page, QUESTION, 0)
        expect(answer.locator('a[href^="#cite-"]').first).to_be_visible()
        expect(page.get_by_role("button", name=re.compile("^Study design: "))).to_have_count(1)
        names = page.evaluate("""() => [...document.querySelectorAll('button, [role=tab], summary')]
            .map(b => b.innerText).join(' | ')""")
        for ligature in ("smart_toy", "face", "fact_check", "delete", "download", "upload", "article"):
            assert not re.search(rf"(^|\W){ligature}(\W|$)", names), (ligature, names)
        _shot(page, "14-chat-1400.png")
        page.close()

        # Phone width: 390 px.
        phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
        phone.goto(url)
        expect(phone.get_by_placeholder("Ask a question about the studies")).to_be_visible(timeout=120_000)
        _shot(phone, "20-phone-chat.png", full=False)
        phone.get_by_role("tab", name="Forest plot").click()
        table = phone.locator(".ed-forest-table").first
        expect(table).to_be_visible(timeout=30_000)
        expect(phone.locator('[data-testid="stVegaLiteChart"]').first).to_be_hidden()
        _shot(phone, "21-phone-forest.png")
        phone.get_by_role("tab", name="Evidence table").click()
        expect(phone.locator('[data-testid="stDataFrame"]').first).to_be_visible(timeout=30_000)
        # the filters are collapsed: the table comes first
        expect(phone.get_by_role("combobox").first).to_be_hidden()
        _shot(phone, "22-phone-evidence.png", full=False)
        overflow = phone.evaluate("() => document.documentElement.scrollWidth")
        assert overflow <= 390, f"the page is {overflow} px wide at 390 px"
        phone.close()
