"""The article of a web page: its main text block, not the navigation around it.

The main block is the element whose own paragraphs carry the most text that is not link
text (the density heuristic of readability-style extractors), preferring `<article>`,
`<main>` and blocks whose id or class says content. Its text is laid out one block a line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text import UnreadableInput, decode

_DROP = ("script", "style", "noscript", "template", "iframe", "svg", "nav", "header", "footer",
         "aside", "form", "button", "select", "input", "textarea", "head")
_BLOCK = frozenset({
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul",
    "ol", "dl", "dt", "dd", "tr", "table", "blockquote", "pre", "br", "hr", "figure",
    "figcaption", "caption", "center", "tbody", "thead", "td", "th",
})
_CONTENT_HINT = re.compile(r"article|content|main|post|text|detail|body|news|zw|正文", re.I)
_NOISE_HINT = re.compile(
    r"nav|menu|foot|header|sidebar|comment|share|breadcrumb|copyright|related|banner|toolbar", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([-\w]+)""", re.I)
_HAN = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class PageText:
    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def decode_html(data: bytes) -> tuple[str, str]:
    """Decode with the page's declared charset, else the text decoder's detection."""
    m = _META_CHARSET.search(data[:4096])
    if m:
        declared = m.group(1).decode("ascii", "replace").lower()
        # pages that say gb2312 or gbk are in practice gb18030, its superset
        codec = "gb18030" if declared in ("gb2312", "gbk", "x-gbk") else declared
        try:
            return data.decode(codec), codec
        except (LookupError, UnicodeDecodeError):
            pass
    raw = decode(data)
    return raw.text, raw.encoding


def html_text(data: bytes) -> PageText:
    from .readers import require

    bs4 = require("bs4")
    require("lxml")
    markup, encoding = decode_html(data)
    soup = bs4.BeautifulSoup(markup, "lxml")
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    for tag in soup.find_all(_DROP):
        tag.decompose()
    body = soup.body or soup
    main, why = _main_block(body)
    lines = _lines(main)
    heading = _heading_outside(soup, main, title)
    if heading and (not lines or lines[0] != heading):
        lines.insert(0, heading)
    text = "\n".join(lines)
    if not text.strip():
        raise UnreadableInput("web page without article text")
    return PageText(text, encoding, (f"html main block: {why}",))


def _score(el) -> float:
    """Text of the element's own paragraphs, less link text; hints in id/class weigh in."""
    text = el.get_text("", strip=True)
    if not text:
        return 0.0
    links = sum(len(a.get_text("", strip=True)) for a in el.find_all("a"))
    han = len(_HAN.findall(text))
    paragraphs = len(el.find_all(["p", "br"], recursive=True))
    score = (han + 0.3 * (len(text) - han)) * (1 - links / max(len(text), 1)) ** 2
    score += 20 * min(paragraphs, 30)
    hint = " ".join([el.get("id") or "", *(el.get("class") or [])])
    if _CONTENT_HINT.search(hint):
        score *= 1.25
    if _NOISE_HINT.search(hint):
        score *= 0.3
    return score


def _main_block(body):
    for name in ("article", "main"):
        found = body.find_all(name)
        if len(found) == 1 and len(found[0].get_text(strip=True)) > 50:
            return found[0], f"<{name}>"
    candidates = [el for el in body.find_all(["div", "section", "td", "article", "main"])]
    if not candidates:
        return body, "whole body"
    best = max(candidates, key=_score)
    # a parent with nearly the same score holds the same text plus little else: prefer the
    # smaller block, which leaves out the page furniture around it
    best_score = _score(best)
    total = _score(body)
    if best_score <= 0 or best_score < 0.2 * total:
        return body, "whole body"
    label = best.name + "".join(f"#{best.get('id')}" for _ in [0] if best.get("id"))
    return best, f"<{label}> by text density"


def _heading_outside(soup, main, title: str) -> str:
    h1 = soup.find("h1")
    if h1 is not None and main not in h1.parents and h1 not in main.descendants:
        text = h1.get_text("", strip=True)
        if text:
            return text
    if main.find(["h1", "h2"]) is None and title:
        return title
    return ""


_SPACE_RUN = re.compile(r"[ \t\r\n\f\v]+")
_WIDE = re.compile(r"[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]")


def _collapse(text: str) -> str:
    """Whitespace as a browser shows it: a run is one space, a line break between two Chinese
    characters is nothing (else `127.41\\n万元` would read `127.41 万元`)."""

    def repl(m: re.Match) -> str:
        s, e = m.start(), m.end()
        before = text[s - 1] if s else ""
        after = text[e] if e < len(text) else ""
        if ("\n" in m.group() or "\r" in m.group()) and (
            not before or not after or _WIDE.match(before) or _WIDE.match(after)
        ):
            return ""
        return " "

    return _SPACE_RUN.sub(repl, text.replace("\xa0", " "))


def _is_furniture(el) -> bool:
    """A block that is page furniture: named so (nav, footer, ...) or made of links."""
    if el.name not in _BLOCK or el.name in ("p", "br", "li", "td", "th", "tr"):
        return False
    hint = " ".join([el.get("id") or "", *(el.get("class") or [])])
    if hint and _NOISE_HINT.search(hint) and not _CONTENT_HINT.search(hint):
        return True
    text = el.get_text("", strip=True)
    if not text:
        return False
    links = sum(len(a.get_text("", strip=True)) for a in el.find_all("a"))
    return links / len(text) > 0.7


def _lines(root) -> list[str]:
    from bs4 import NavigableString, Tag
    from bs4.element import Comment

    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        line = _collapse("".join(current)).strip(" ")
        current.clear()
        if line:
            lines.append(line)

    def walk(node) -> None:
        for child in node.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                current.append(str(child))
            elif isinstance(child, Tag):
                if child is not root and _is_furniture(child):
                    continue
                block = child.name in _BLOCK
                if block:
                    flush()
                if child.name in ("td", "th"):
                    current.append(" ")
                walk(child)
                if block:
                    flush()

    walk(root)
    flush()
    return lines
