"""JSON Lines output with exact numbers.

`Decimal` values are written as JSON numbers with every digit they have (127.41, never
127.40999…), which the standard encoder cannot do on its own.
"""

from __future__ import annotations

import json
from decimal import Decimal
from enum import Enum
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


def dumps(record: BaseModel | dict) -> str:
    data = record.model_dump(mode="python") if isinstance(record, BaseModel) else record
    text = json.dumps(data, ensure_ascii=False, default=_default)
    # the marked strings come out as "\u0000D:123\u0000": unquote them into numbers
    return text.replace('"\\u0000D:', "").replace('\\u0000"', "")


def write_record(fh: IO[str], record: BaseModel | dict) -> None:
    fh.write(dumps(record))
    fh.write("\n")
