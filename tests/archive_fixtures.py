"""Input files for the batch tests, made from the seed reports in a temporary folder."""

from __future__ import annotations

import html
import io
import os
from pathlib import Path

from conftest import SEEDS, read_raw

BIG5_DOC = "big5/seed0.big5.txt"


def docx_bytes(text: str) -> bytes:
    """A .docx with one paragraph per line of `text` (so its text reads back the same)."""
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def html_page(text: str, *, charset: str = "utf-8") -> str:
    """A news page: navigation, header, sidebar and footer around an article of `text`."""
    paragraphs = "\n".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n") if line.strip())
    links = "".join(f'<li><a href="/c{k}.html">栏目{k}</a></li>' for k in range(12))
    return f"""<!DOCTYPE html><html><head><meta charset="{charset}"><title>工作动态</title>
<style>p {{ margin: 0 }}</style><script>var counter = "阅读数 9999";</script></head>
<body><header><div class="logo">工会新闻网</div><nav><ul>{links}</ul></nav></header>
<div class="wrap"><div class="sidebar"><h3>热门文章</h3><ul>{links}</ul></div>
<div class="content" id="article">
{paragraphs}
</div></div>
<footer>版权所有 联系电话 010-12345678</footer></body></html>"""


def traditional_big5(text: str) -> tuple[str, bytes]:
    """`text` in traditional characters as Big5 bytes, and the exact text those bytes hold.

    Characters that Big5 cannot encode keep their simplified form when that one encodes, and
    are left out otherwise, so the returned text decodes from the bytes exactly. A character
    counts as encodable when it also decodes back through Big5-HKSCS, the decoder's reading
    (the two differ on a few, e.g. circled digits).
    """
    import opencc

    converted = opencc.OpenCC("s2t").convert(text)
    out = []
    for trad, simp in zip(converted, text, strict=False) if len(converted) == len(text) else (
            (c, c) for c in converted):
        for candidate in (trad, simp):
            try:
                if candidate.encode("big5").decode("big5hkscs") != candidate:
                    continue
            except UnicodeError:
                continue
            out.append(candidate)
            break
    exact = "".join(out)
    return exact, exact.encode("big5")


def minimal_pdf(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds `lines` (ASCII), written by hand."""
    content = "BT /F1 12 Tf 72 720 Td 14 TL " + " ".join(
        "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") '" for line in lines
    ) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def blank_pdf() -> bytes:
    """A PDF with a page and no text layer, as a scan without OCR is."""
    import pypdf

    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def good_files(root: Path) -> dict[str, str]:
    """The seeds and their copies in other encodings and formats: doc name -> the seed name
    whose metrics the copy must have (or, for the Big5 copy, the exact text it holds)."""
    made: dict[str, str] = {}
    seed0 = read_raw(SEEDS[0])
    (root / "seeds").mkdir(parents=True)
    for p in SEEDS:
        (root / "seeds" / p.name).write_bytes(p.read_bytes())
        made[f"seeds/{p.name}"] = p.name
    (root / "gb").mkdir()
    (root / "gb" / "seed1.gb18030.txt").write_bytes(read_raw(SEEDS[1]).encode("gb18030"))
    made["gb/seed1.gb18030.txt"] = SEEDS[1].name
    (root / "big5").mkdir()
    exact, data = traditional_big5(seed0)
    (root / BIG5_DOC).write_bytes(data)
    made[BIG5_DOC] = exact
    (root / "office").mkdir()
    (root / "office" / "seed2.docx").write_bytes(docx_bytes(read_raw(SEEDS[2])))
    made["office/seed2.docx"] = SEEDS[2].name
    (root / "web").mkdir()
    (root / "web" / "seed3.html").write_text(html_page(read_raw(SEEDS[3])), encoding="utf-8")
    made["web/seed3.html"] = SEEDS[3].name
    return made


def bad_files(root: Path) -> dict[str, str]:
    """Inputs that cannot be extracted: doc name -> a word its recorded reason must hold."""
    bad = root / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (bad / "undecodable.txt").write_bytes(b"\x81\x30\xff\xfe\xfd" * 40 + "工会".encode() + b"\xff" * 7)
    (bad / "truncated.docx").write_bytes(docx_bytes(read_raw(SEEDS[0]))[:1500])
    (bad / "truncated.pdf").write_bytes(minimal_pdf(["Total 337 persons"])[:120])
    (bad / "scan.pdf").write_bytes(blank_pdf())
    (bad / "legacy.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    with open(bad / "huge.txt", "wb") as fh:  # 50 MB, written in chunks
        chunk = ("工会" * 4096 + "\n").encode("utf-8")
        for _ in range(50 * 2**20 // len(chunk) + 1):
            fh.write(chunk)
    os.symlink(bad / "gone.txt", bad / "dangling.txt")
    (bad / "boom.txt").write_text(read_raw(SEEDS[4]), encoding="utf-8")
    return {
        "bad/empty.txt": "empty",
        "bad/binary.txt": "binary",
        "bad/undecodable.txt": "undecodable",
        "bad/truncated.docx": "docx",
        "bad/truncated.pdf": "PDF",
        "bad/scan.pdf": "text layer",
        "bad/legacy.doc": "legacy",
        "bad/huge.txt": "too large",
        "bad/dangling.txt": "cannot open",
        "bad/boom.txt": "injected",
    }
