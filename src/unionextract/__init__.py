"""unionextract: typed, source-grounded metrics and events from Chinese trade-union reports.

    >>> import unionextract
    >>> result = unionextract.extract_text("累计为337名在档困难职工发放慰问金127.41万元。")
    >>> [(m.text, m.kind.value, m.value) for m in result.metrics]
    [('337名', 'count', Decimal('337')), ('127.41万元', 'money', Decimal('1274100'))]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .records import (
    SCHEMA_VERSION,
    Approx,
    Document,
    Event,
    EventType,
    ExtractionResult,
    Metric,
    Quantity,
    QuantityKind,
    Rejection,
    Status,
)

__version__ = "0.1.0"

__all__ = [
    "SCHEMA_VERSION",
    "Approx",
    "Document",
    "Event",
    "EventType",
    "ExtractionResult",
    "Metric",
    "Quantity",
    "QuantityKind",
    "Rejection",
    "Status",
    "extract_file",
    "extract_text",
    "find_quantities",
]

if TYPE_CHECKING:
    from .pipeline import extract_file, extract_text
    from .quantities import find_quantities

# The pipeline's modules load their lexicons and patterns on first use, so `import
# unionextract` stays cheap for code that only wants the records.
_LAZY = {
    "extract_text": "pipeline",
    "extract_file": "pipeline",
    "find_quantities": "quantities",
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        module = importlib.import_module(f".{_LAZY[name]}", __name__)
        return getattr(module, name)
    raise AttributeError(f"module 'unionextract' has no attribute {name!r}")

from .quantities import find_quantities, scan_quantities  # noqa: E402

__all__ += ["find_quantities", "scan_quantities"]
