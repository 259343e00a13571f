"""`unionextract extract`: every input file extracted, every failure recorded, the run goes on."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .io.jsonl import write_record
from .io.walk import iter_inputs
from .records import Document, DocumentStatus


def run_extract(args: argparse.Namespace) -> int:
    from .pipeline import extract_file

    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    n_ok = n_failed = 0
    with (
        open(out / "documents.jsonl", "w", encoding="utf-8") as docs,
        open(out / "metrics.jsonl", "w", encoding="utf-8") as metrics,
        open(out / "events.jsonl", "w", encoding="utf-8") as events,
    ):
        for path, name in iter_inputs(args.paths):
            try:
                result = extract_file(path, doc=name)
            except Exception as exc:  # one bad file never stops a batch
                n_failed += 1
                write_record(docs, failed_document(path, name, exc))
                if not args.quiet:
                    print(f"failed: {name}: {exc}", file=sys.stderr)
                continue
            n_ok += 1
            write_record(docs, result.document)
            for m in result.metrics:
                write_record(metrics, m)
            for e in result.events:
                write_record(events, e)
    if not args.quiet:
        print(f"{n_ok} documents extracted, {n_failed} failed -> {out}")
    return 1 if n_failed else 0


def failed_document(path: Path, name: str, exc: Exception) -> Document:
    return Document(
        id=name,
        path=str(path),
        sha256="",
        characters=0,
        status=DocumentStatus.FAILED,
        reason=f"{type(exc).__name__}: {exc}",
    )
