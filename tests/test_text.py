import pytest

from unionextract.records import Script
from unionextract.text import UnreadableInput, decode, detect_script, normalise


def test_normalised_view_keeps_length_and_maps_fullwidth_and_traditional():
    raw = "慰問會員職工８４５名，占比９３．３％"
    view = normalise(raw)
    assert len(view) == len(raw)
    assert view == "慰问会员职工845名,占比93.3%"


def test_normalise_leaves_simplified_ascii_and_newlines_alone():
    raw = "累计为337名在档困难职工\r\n\r\n发放127.41万元"
    assert normalise(raw) == raw


@pytest.mark.parametrize("codec", ["utf-8", "gb18030", "utf-16", "utf-32"])
def test_decode_round_trips_each_encoding(codec):
    text = "西城区总工会为337名困难职工发放慰问金127.41万元。\r\n"
    assert decode(text.encode(codec)).text == text


def test_big5_is_told_from_gb18030():
    text = "西城區總工會為三百名困難職工發放慰問金，舉辦培訓班十二期。" * 3
    raw = decode(text.encode("big5"))
    assert raw.encoding in {"cp950", "big5hkscs"}
    assert raw.text == text


def test_utf8_bom_is_kept_as_a_character_like_the_contract_reads_it():
    raw = decode("\ufeff工会".encode())
    assert raw.text == "\ufeff工会"
    assert raw.encoding == "utf-8-sig"


def test_binary_and_undecodable_input_raise_a_clear_error():
    with pytest.raises(UnreadableInput, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(UnreadableInput, match="undecodable"):
        decode(bytes([0x81, 0x30, 0xFF, 0xFF, 0xFE]) * 10)


def test_script_detection():
    assert detect_script("西城区总工会召开会议") is Script.SIMPLIFIED
    assert detect_script("西城區總工會召開會議") is Script.TRADITIONAL
    assert detect_script("12345") is Script.NONE


def test_windows_big5_circled_numbers_are_read_as_such():
    text = "①西城區總工會為三百名困難職工發放慰問金。②舉辦培訓班十二期。"
    assert decode(text.encode("cp950")).text == text


def test_a_lexicon_key_given_twice_is_an_error(tmp_path, monkeypatch):
    from unionextract import lexicon

    (tmp_path / "twice.yaml").write_text(
        "schema_version: 1\ndescription: d\nprovenance: p\nentries:\n"
        "  - {form: 名, note: one, note: two}\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(lexicon, "lexicon_dir", lambda: tmp_path)
    lexicon._load_raw.cache_clear()
    with pytest.raises(lexicon.LexiconError, match="given twice"):
        lexicon._load_raw("twice.yaml")
    lexicon._load_raw.cache_clear()
