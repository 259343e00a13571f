import pytest

from unionextract.words import _HAN_COUNT, _HAN_FIRST, _read_cache, _route, _table, _write_cache, tag_words


def _plain_route(table, text):
    """The cut's route read from `logp` alone, with no index: what the indexes must not change."""
    n = len(text)
    score, ends = [0.0] * (n + 1), [0] * (n + 1)
    for k in range(n - 1, -1, -1):
        ch = text[k]
        if not 0 <= ord(ch) - _HAN_FIRST < _HAN_COUNT:
            j = k + 1
            if ch.isascii() and ch.isalnum():
                while j < n and text[j].isascii() and (text[j].isalnum() or text[j] == "."):
                    j += 1
            score[k], ends[k] = score[j] - table.logtotal, j
            continue
        best, best_end = table.logp.get(ch, -table.logtotal) + score[k + 1], k + 1
        for j in range(k + 2, n + 1):
            p = table.logp.get(text[k:j])
            if p is None:
                break
            if p + score[j] > best:
                best, best_end = p + score[j], j
        score[k], ends[k] = best, best_end
    return ends


def test_pair_index_agrees_with_the_table():
    table = _table()
    for word, p in table.logp.items():
        at = ord(word[0]) - _HAN_FIRST
        if len(word) < 2 or not 0 <= at < _HAN_COUNT:
            continue
        pair_p, longer = table.pairs[word[:2]]
        if len(word) == 2:
            assert pair_p == p  # minus infinity where the pair is only a prefix
        else:
            assert word[2] in longer
    for pair, (_, longer) in table.pairs.items():
        assert pair in table.logp
        assert all(pair + third in table.logp for third in longer)


def test_cached_table_is_the_table_with_equal_values_shared(tmp_path):
    table = _table()
    _write_cache(tmp_path / "words.marshal", table)
    read = _read_cache(tmp_path / "words.marshal")
    assert read is not None
    assert (read.logp, read.tags, read.logtotal, read.single, read.pairs) == (
        table.logp, table.tags, table.logtotal, table.single, table.pairs)
    probabilities = list(read.logp.values())
    assert len({id(p) for p in probabilities}) == len(set(probabilities))
    entries = list(read.pairs.values())
    assert len({id(e) for e in entries}) == len(set(entries))


def test_single_index_agrees_with_the_table():
    table = _table()
    for at in range(_HAN_COUNT):
        ch = chr(_HAN_FIRST + at)
        assert table.single[at] == table.logp.get(ch, -table.logtotal)


@pytest.mark.parametrize("text", [
    "西城区总工会为337名困难职工发放慰问金127.41万元",
    "建制率、签约率均达93.3%",
    "开展了两期急救培训，共培训职工5540人次",
    "“劳模进企业”活动覆盖职工",
    "为3500名新就业形态劳动者投保互助保障活动",
    "工会",
    "",
])
def test_route_is_the_plain_route(text):
    table = _table()
    assert _route(table, text) == _plain_route(table, text)


def test_words_cover_the_text_in_order():
    text = "累计为337名在档困难职工发放慰问金"
    words = tag_words(text)
    assert "".join(w.text for w in words) == text
    assert [w.start for w in words] == [sum(len(v.text) for v in words[:k]) for k in range(len(words))]
    assert any(w.is_verb for w in words)
