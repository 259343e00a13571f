"""JSON Lines output with exact numbers.

`Decimal` values are written as JSON numbers with every digit they have (127.41, never
127.40999…), which the standard encoder cannot do on its own.
"""

from __future__ import annotations

import functools
import json
from decimal import Decimal
from enum import Enum
from json.encoder import c_make_encoder, encode_basestring
from typing import IO

from pydantic import BaseModel

_MARK = "\u0000D:"


def decimal_text(value: Decimal) -> str:
    """A Decimal as plain positional digits: 1274100, 93.3, 0.005 (no exponent, no trailing zeros)."""
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def _default(obj):
    if isinstance(obj, Decimal):
        return _MARK + decimal_text(obj) + "\u0000"
    if isinstance(obj, Enum):
        return obj.value
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


def _unmark(text: str) -> str:
    # the marked strings come out as "\u0000D:123\u0000": unquote them into numbers
    return text.replace('"\\u0000D:', "").replace('\\u0000"', "")


def _record_default(obj):
    """`_default`, with the Decimals the encoder can write as they are handed back as numbers.

    An integral Decimal is written as an int would be, and one whose digits are those of the
    shortest form of a float as that float: the same text as `decimal_text`, without a marked
    string to unquote afterwards. A nested model is written as its dump."""
    if isinstance(obj, Decimal):
        if obj == obj.to_integral_value():
            return int(obj)
        text = format(obj.normalize(), "f")
        number = float(text)
        return number if repr(number) == text else _MARK + text + "\u0000"
    if isinstance(obj, BaseModel):
        return obj.model_dump(mode="python")
    return _default(obj)


# The encoder json.dumps(..., ensure_ascii=False) builds on every call, built once.
if c_make_encoder is not None:
    _iterencode = c_make_encoder(
        None, _record_default, encode_basestring,  # no circularity check; default; strings as is
        None, ": ", ", ",  # no indent, json.dumps' separators
        False, False, True,  # sort_keys, skipkeys, allow_nan as in json.dumps
    )

    def _encode(data) -> str:
        return "".join(_iterencode(data, 0))
else:  # no C accelerator: the same text from the pure-Python encoder
    _encode = json.JSONEncoder(ensure_ascii=False, default=_record_default).encode


@functools.cache
def _field_names(cls: type[BaseModel]) -> tuple[str, ...] | None:
    """The fields `model_dump` gives for `cls`, in order, if its dump is just its fields by
    name (no serializers, computed, excluded or extra fields, no aliases); else None."""
    decorators = cls.__pydantic_decorators__
    fields = cls.model_fields
    if (
        decorators.field_serializers
        or decorators.model_serializers
        or cls.model_computed_fields
        or cls.model_config.get("serialize_by_alias")
        or cls.model_config.get("extra") == "allow"
        or any(f.exclude or getattr(f, "exclude_if", None) for f in fields.values())
    ):
        return None
    return tuple(fields)


def dumps(record: BaseModel | dict) -> str:
    if isinstance(record, BaseModel):
        # A record's attributes are its dump in the python mode (Decimals and enums as they
        # are, fields in order): encoded directly, without the intermediate copy.
        attributes = record.__dict__
        if _field_names(type(record)) == tuple(attributes):
            text = _encode(attributes)
        else:
            text = _encode(record.model_dump(mode="python"))
        # marked numbers, or NUL characters in a string, which the general path reads the same way
        return _unmark(text) if "\\u0000" in text else text
    return _unmark(json.dumps(record, ensure_ascii=False, default=_default))


def write_record(fh: IO[str], record: BaseModel | dict) -> None:
    fh.write(dumps(record))
    fh.write("\n")
