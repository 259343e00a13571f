"""unionextract: typed, source-grounded metrics and events from Chinese trade-union reports."""

from .records import SCHEMA_VERSION

__all__ = ["SCHEMA_VERSION"]
__version__ = "0.1.0"
