"""Tests that drive a real program (a JVM, a database server) skip where it is missing, except
when UNIONEXTRACT_REQUIRE_SYSTEM_TESTS=1 (CI): there a missing program is a failure."""

from __future__ import annotations

import os

import pytest


def required() -> bool:
    return os.environ.get("UNIONEXTRACT_REQUIRE_SYSTEM_TESTS") == "1"


def missing(what: str) -> None:
    """Skip the test (or fail it where system tests are required) for want of `what`."""
    if required():
        pytest.fail(f"{what} is required (UNIONEXTRACT_REQUIRE_SYSTEM_TESTS=1) but missing")
    pytest.skip(f"{what} not available")


def need_module(name: str):
    """Import a Python package the test needs, under the same rule."""
    try:
        return __import__(name)
    except ImportError:
        missing(f"Python package {name}")
