"""The review page: escaped, self-contained, and working in a real headless Chromium.

Without Chromium the browser tests skip, unless UNIONEXTRACT_REQUIRE_SYSTEM_TESTS=1 (CI), where
a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from conftest import SEEDS
from unionextract.cli import main
from unionextract.review import highlight

HOSTILE = '<script>alert("x")</script> 工会 &amp; 为337名职工发放慰问金127.41万元。\n'


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("UNIONEXTRACT_REQUIRE_SYSTEM_TESTS") == "1":
        pytest.fail("Chromium is required (UNIONEXTRACT_REQUIRE_SYSTEM_TESTS=1) but not installed")
    pytest.skip("Chromium not installed")


def run_chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    cmd = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
           f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=180)


@pytest.fixture(scope="module")
def review(tmp_path_factory):
    src = tmp_path_factory.mktemp("src")
    for p in SEEDS[:3]:
        (src / p.name).write_bytes(p.read_bytes())
    (src / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    out = tmp_path_factory.mktemp("out")
    assert main(["extract", str(src), "--out", str(out), "--quiet"]) == 1
    page = out / "page.html"
    assert main(["review", str(out / "unionextract.sqlite"), "-o", str(page)]) == 0
    conn = sqlite3.connect(out / "unionextract.sqlite")
    per_doc = dict(conn.execute("SELECT doc, n_metrics + n_events FROM documents"))
    kinds = Counter(k for (k,) in conn.execute("SELECT kind FROM metrics"))
    conn.close()
    return page, per_doc, kinds, out


def test_extract_writes_the_page_too(review):
    page, per_doc, kinds, out = review
    assert (out / "review.html").stat().st_size > 10_000


def test_page_is_self_contained_and_escaped(review):
    page, *_ = review
    html = page.read_text(encoding="utf-8")
    assert '<script>alert("x")</script>' not in html
    assert '&lt;script&gt;alert("x")&lt;/script&gt;' in html
    assert "&amp;amp;" in html  # the document's own "&amp;" shown as written
    for remote in ("http://", "https://", "src=", "@import"):
        assert remote not in html.replace("http-equiv", "")


def test_overlapping_spans_are_cut_into_segments_that_name_every_record():
    html = highlight("abcdefgh", [(1, 5, "m0", "k-count", "t0"), (3, 7, "e0", "ev t-meeting", "t1"),
                                  (3, 4, "m1", "k-money", "t2")])
    assert html.count('data-first="m0"') == 1 and html.count('data-first="e0 m1"') == 1
    assert 'data-r="m0 e0 m1"' in html and "multi" in html
    assert html.startswith("a<span") and html.endswith("</span>h")
    from bs4 import BeautifulSoup

    assert BeautifulSoup(html, "lxml").get_text() == "abcdefgh"


def test_page_loads_in_chromium_without_errors_and_marks_every_record(review, tmp_path):
    page, per_doc, kinds, out = review
    run = run_chromium(tmp_path, "--dump-dom", page.as_uri())
    assert run.returncode == 0, run.stderr[-2000:]
    assert "Uncaught" not in run.stderr
    from bs4 import BeautifulSoup

    dom = BeautifulSoup(run.stdout, "lxml")
    assert dom.html.get("data-errors") is None
    assert dom.body.get("data-ready") == "1"  # the script ran to its end
    sections = dom.select("section.doc")
    assert {s["data-doc"] for s in sections} == set(per_doc)
    total = 0
    for section in sections:
        ids = {i for el in section.select(".hl") for i in el["data-r"].split()}
        firsts = [i for el in section.select(".hl[data-first]") for i in el["data-first"].split()]
        assert len(ids) == len(firsts) == per_doc[section["data-doc"]], section["data-doc"]
        total += len(ids)
    assert total == sum(per_doc.values()) > 0
    rows = dom.select("table.metrics tbody tr")
    assert len(rows) == sum(kinds.values())


def test_metrics_table_filters_by_kind(review, tmp_path):
    page, per_doc, kinds, out = review
    run = run_chromium(tmp_path, "--dump-dom", page.as_uri() + "#kind=money")
    from bs4 import BeautifulSoup

    dom = BeautifulSoup(run.stdout, "lxml")
    shown = [tr for tr in dom.select("table.metrics tbody tr") if not tr.has_attr("hidden")]
    assert len(shown) == kinds["money"] > 0
    assert all(tr["data-kind"] == "money" for tr in shown)
    assert dom.select_one("#view-metrics").get("hidden") is None


def test_screenshot_is_produced(review, tmp_path):
    page, *_ = review
    shot = tmp_path / "review.png"
    run = run_chromium(tmp_path, f"--screenshot={shot}", "--window-size=1400,1000", page.as_uri())
    assert run.returncode == 0, run.stderr[-2000:]
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 20_000
    keep = os.environ.get("UNIONEXTRACT_KEEP_SCREENSHOT")
    if keep:
        shutil.copy(shot, keep)


def test_pdf_printed_by_chromium_reads_back_with_the_metrics_of_its_source(tmp_path):
    """A real Chinese PDF (Chromium prints a seed): its text layer, repaired, gives the seed's metrics."""
    from archive_fixtures import html_page
    from conftest import read_raw
    from unionextract import extract_text
    from unionextract.io.readers import read_document

    chromium()  # skips (or fails in CI) first when there is no browser at all
    fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True)
    if not fonts.stdout.strip():  # Chromium prints missing glyphs as boxes without text
        message = "no Chinese font for Chromium to print with (Debian: fonts-noto-cjk)"
        if os.environ.get("UNIONEXTRACT_REQUIRE_SYSTEM_TESTS") == "1":
            pytest.fail(message)
        pytest.skip(message)
    source = tmp_path / "seed.html"
    source.write_text(html_page(read_raw(SEEDS[0])), encoding="utf-8")
    pdf = tmp_path / "seed.pdf"
    run = run_chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", source.as_uri())
    assert run.returncode == 0 and pdf.is_file(), run.stderr[-2000:]
    content = read_document(pdf)
    assert content.format == "pdf"

    def found(text):
        return Counter((m.text, m.kind.value, m.value) for m in extract_text(text).metrics)

    assert found(content.text) == found(read_raw(SEEDS[0]))
