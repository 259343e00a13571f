import math
import re
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import SEEDS, read_raw
from unionextract.words import _build, _jieba_dict, _lexicon, _read_cache, _write_cache, is_han, tag_words


@pytest.fixture(scope="module")
def reference():
    """The cut as jieba defines it, in plain Python over the lexicon: what jieba-rs must give."""
    lexicon = _lexicon()
    logtotal = math.log(lexicon.total)
    logp = {w: math.log(f) - logtotal for w, f in zip(lexicon.words, lexicon.freqs, strict=True)}
    tags = dict(zip(lexicon.words, lexicon.tags, strict=True))
    longest = max(map(len, lexicon.words))

    def cut(text: str) -> list[tuple[str, str, int]]:
        n = len(text)
        score, ends = [0.0] * (n + 1), [0] * (n + 1)
        for k in range(n - 1, -1, -1):
            if not is_han(text[k]):
                ends[k] = k + 1
                continue
            # A run of Han characters is routed on its own: no word goes past it.
            best, best_end = None, k + 1
            for j in range(k + 1, min(n, k + longest) + 1):
                if not is_han(text[j - 1]):
                    break
                p = logp.get(text[k:j], -logtotal if j == k + 1 else None)
                if p is None:
                    continue
                here = p + (score[j] if j < n and is_han(text[j]) else 0.0)
                if best is None or here >= best:  # a tie goes to the longer word, as in jieba
                    best, best_end = here, j
            score[k], ends[k] = best, best_end
        out, k = [], 0
        while k < n:
            j = ends[k]
            if not is_han(text[k]) and text[k].isascii() and text[k].isalnum():
                while j < n and text[j].isascii() and (text[j].isalnum() or text[j] == "."):
                    j += 1
            w = text[k:j]
            out.append((w, tags.get(w, "x") if is_han(w[0]) else _tag_outside(w), k))
            k = j
        return out

    return cut


def _tag_outside(word: str) -> str:
    if word[0].isascii() and word[0].isdigit():
        return "m"
    return "eng" if word[0].isascii() and word[0].isalpha() else "x"


def _words(text: str) -> list[tuple[str, str, int]]:
    return [(w.text, w.tag, w.start) for w in tag_words(text)]


@pytest.mark.parametrize("text", [
    "西城区总工会为337名困难职工发放慰问金127.41万元",
    "建制率、签约率均达93.3%",
    "开展了两期急救培训，共培训职工5540人次",
    "“劳模进企业”活动覆盖职工",
    "为3500名新就业形态劳动者投保互助保障活动",
    "工会",
    "",
])
def test_cut_is_the_reference_cut(reference, text):
    assert _words(text) == reference(text)


def test_every_clause_of_the_seed_reports_is_cut_as_the_reference_cuts_it(reference):
    clauses = {c for p in SEEDS for c in re.split(r"[，。；：、\n]", read_raw(p)) if c}
    assert len(clauses) > 1000
    differing = [c for c in clauses if _words(c) != reference(c)]
    assert differing == []


# Common characters of the reports, and separators that end a run of Han characters.
_HAN = "工会职工困难发放慰问金元万名人次培训组织会员企业建设服务开展活动年度计划全市区街道总经理合同签订率"


@given(st.text(alphabet=_HAN + "，、。 ", max_size=40))
def test_any_text_of_report_characters_is_cut_as_the_reference_cuts_it(reference, text):
    assert _words(text) == reference(text)


# Characters next to the Han block, ones jieba-rs reads with Han characters or joins, letters,
# digits and points: texts with and without any of them are cut alike.
_OTHERS = "\u3400\u9fd6\uf900\U00020000１%-+#&_.\r\n\t aZ09"


@given(st.text(alphabet=_HAN[:12] + _OTHERS, max_size=30))
def test_any_text_of_mixed_characters_is_cut_as_the_reference_cuts_it(reference, text):
    assert _words(text) == reference(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("慰问金127.41万元", ["慰问金", "127.41", "万元"]),
    ("m.1566.cn工会", ["m.1566.cn", "工会"]),
    (".5万", [".", "5", "万"]),
    ("CEO、工会", ["CEO", "、", "工会"]),
    ("工会\r\n工作", ["工会", "\r", "\n", "工作"]),
    ("C++工会", ["C", "+", "+", "工会"]),
])
def test_letters_and_digits_run_together_and_other_characters_stand_alone(text, expected):
    assert [w.text for w in tag_words(text)] == expected


def test_tags_of_words_outside_the_dictionary():
    tags = {w.text: w.tag for w in tag_words("5e32b工会abc，")}
    assert tags == {"5e32b": "m", "工会": "n", "abc": "eng", "，": "x"}


def test_a_lone_surrogate_is_a_word_of_its_own():
    text = "工会\udc80工作"
    assert [w.text for w in tag_words(text)] == ["工会", "\udc80", "工作"]


def test_cached_lexicon_is_the_lexicon(tmp_path):
    lexicon = _lexicon()
    _write_cache(tmp_path / "words.marshal", lexicon)
    assert _read_cache(tmp_path / "words.marshal") == lexicon
    assert sum(lexicon.freqs) <= lexicon.total


def test_the_lexicon_built_afresh_is_the_one_cached():
    assert _build(_jieba_dict()) == _lexicon()


def test_lexicon_words_start_with_a_han_character_and_are_unique():
    lexicon = _lexicon()
    assert all(is_han(w[0]) for w in lexicon.words)
    assert len(set(lexicon.words)) == len(lexicon.words)


def test_words_cover_the_text_in_order():
    text = "累计为337名在档困难职工发放慰问金"
    words = tag_words(text)
    assert "".join(w.text for w in words) == text
    assert [w.start for w in words] == [sum(len(v.text) for v in words[:k]) for k in range(len(words))]
    assert any(w.is_verb for w in words)


def test_the_cut_loads_jieba_rs_without_the_rjieba_package_and_its_default_dictionary():
    probe = (
        "import sys; from unionextract.words import tag_words; tag_words('工会工作');"
        "print('rjieba' in sys.modules);"
        "import rjieba; print(rjieba.Jieba is sys.modules['rjieba.rjieba'].Jieba)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "True"]
