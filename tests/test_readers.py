"""Readers: every format's text, and a clear reason for what cannot be read."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from archive_fixtures import blank_pdf, docx_bytes, html_page, minimal_pdf, traditional_big5
from conftest import SEEDS, read_raw
from unionextract.io.html import html_text
from unionextract.io.pdf import reflow
from unionextract.io.readers import MissingDependency, UnsupportedFormat, read_document
from unionextract.text import UnreadableInput

SEED = read_raw(SEEDS[0])


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_text_in_every_encoding_reads_exactly(tmp_path, codec):
    content = read_document(write(tmp_path, "r.txt", SEED.encode(codec)))
    expected = "\ufeff" + SEED if codec == "utf-8-sig" else SEED
    assert content.text == expected
    assert content.format == "txt"


def test_big5_traditional_copy_reads_exactly(tmp_path):
    exact, data = traditional_big5(SEED)
    content = read_document(write(tmp_path, "r.txt", data))
    assert content.encoding in {"cp950", "big5hkscs"}
    assert content.text == exact


def test_docx_paragraphs_read_back_line_by_line(tmp_path):
    content = read_document(write(tmp_path, "r.docx", docx_bytes(SEED)))
    assert content.format == "docx"
    assert content.text == SEED


def test_docx_tables_are_read_in_body_order(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("表一")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "项目", "金额"
    table.cell(1, 0).text, table.cell(1, 1).text = "慰问金", "127.41万元"
    document.add_paragraph("完")
    path = tmp_path / "t.docx"
    document.save(path)
    assert read_document(path).text == "表一\n项目\t金额\n慰问金\t127.41万元\n完"


def test_html_keeps_the_article_and_drops_the_page_furniture(tmp_path):
    content = read_document(write(tmp_path, "p.html", html_page(SEED).encode("utf-8")))
    assert content.format == "html"
    paragraphs = [line.strip() for line in SEED.split("\n") if line.strip()]
    body = [line.strip() for line in content.text.split("\n")]
    assert [line for line in body if line in paragraphs] == paragraphs
    for furniture in ("栏目3", "热门文章", "版权所有", "阅读数", "工会新闻网"):
        assert furniture not in content.text


def test_html_declared_gb2312_is_read_as_gb18030(tmp_path):
    page = html_page("参加职工337名。", charset="gb2312").encode("gb18030")
    content = read_document(write(tmp_path, "p.htm", page))
    assert content.encoding == "gb18030"
    assert "参加职工337名。" in content.text


def test_html_line_breaks_between_chinese_characters_vanish():
    page = "<html><body><article><p>发放慰问金127.41\n      万元，\n覆盖 all staff</p></article></body>"
    assert html_text(page.encode()).text == "发放慰问金127.41万元，覆盖 all staff"


def test_html_escapes_are_decoded_and_scripts_dropped():
    page = "<html><body><div id='content'><p>A &amp; B&lt;5&gt;</p><script>alert(1)</script></div></body>"
    assert html_text(page.encode()).text == "A & B<5>"


def test_pdf_text_layer_is_read(tmp_path):
    content = read_document(write(tmp_path, "r.pdf", minimal_pdf(["Total 337 persons", "Rate 93.3%"])))
    assert content.format == "pdf"
    assert "Total 337 persons" in content.text and "93.3%" in content.text


def test_pdf_without_text_layer_is_unsupported(tmp_path):
    with pytest.raises(UnsupportedFormat, match="text layer"):
        read_document(write(tmp_path, "scan.pdf", blank_pdf()))


def test_pdf_layout_artefacts_are_repaired():
    page = "维护全区 23 万会员职⼯合法权益，⻄城区总工会主要肩负送温暖、评选、\n服务工作。\n短行"
    assert reflow(page) == "维护全区23万会员职工合法权益，西城区总工会主要肩负送温暖、评选、服务工作。\n短行"


@pytest.mark.parametrize(
    ("name", "data", "error", "reason"),
    [
        ("empty.txt", b"", UnreadableInput, "empty"),
        ("binary.txt", bytes(range(256)) * 4, UnreadableInput, "binary"),
        ("bad.txt", b"\x81\x30\xff\xfe" * 20, UnreadableInput, "undecodable"),
        ("cut.docx", None, UnreadableInput, "docx"),
        ("cut.pdf", minimal_pdf(["x"])[:100], UnreadableInput, "PDF"),
        ("old.doc", b"\xd0\xcf\x11\xe0" + b"\0" * 100, UnsupportedFormat, "legacy"),
        ("x.xyz", b"data", UnsupportedFormat, "unsupported"),
    ],
)
def test_bad_inputs_raise_with_a_reason(tmp_path, name, data, error, reason):
    if data is None:
        data = docx_bytes(SEED)[:1200]
    with pytest.raises(error, match=reason):
        read_document(write(tmp_path, name, data))


def test_unreadable_paths_raise_with_a_reason(tmp_path):
    os.symlink(tmp_path / "missing.txt", tmp_path / "link.txt")
    (tmp_path / "folder.txt").mkdir()
    with pytest.raises(UnreadableInput, match="dangling"):
        read_document(tmp_path / "link.txt")
    with pytest.raises(UnreadableInput, match="folder"):
        read_document(tmp_path / "folder.txt")


def test_missing_format_library_names_the_extra(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "docx", None)  # import docx now raises ImportError
    with pytest.raises(MissingDependency, match=r"unionextract\[formats\]"):
        read_document(write(tmp_path, "r.docx", b"PK\x03\x04 whatever"))


def test_html_without_a_content_block_still_drops_navigation_and_link_lists():
    page = ("<html><head><title>标题页</title></head><body><div class=nav><a href=1>首页</a>"
            "<a href=2>新闻</a></div><p>&nbsp;第一段，发放127.41万元。</p><p>第二段。</p>"
            "<div class=foot>版权所有</div><div><a>相关一</a> <a>相关二</a></div></body></html>")
    assert html_text(page.encode()).text == "标题页\n第一段，发放127.41万元。\n第二段。"
