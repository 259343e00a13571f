"""The command line: a thin layer over the public API."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__


def _cmd_extract(args: argparse.Namespace) -> int:
    if getattr(args, "engine", "local") == "spark":
        from .spark import run_extract_spark

        return run_extract_spark(args.paths, args.out, db=args.db, master=args.spark_master,
                                 quiet=args.quiet, review=not args.no_review)
    from .runner import run_extract

    return run_extract(args)


def _cmd_export(args: argparse.Namespace) -> int:
    from .export import run_export

    if args.db_url:
        args.db = args.db_url
    elif args.db is None:
        print("error: give the database (a file or folder) or --db URL", file=sys.stderr)
        return 2

    return run_export(args)


def _cmd_review(args: argparse.Namespace) -> int:
    from .review import run_review

    return run_review(args)


def _cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import score_files

    events = args.events or (None, None)
    result = score_files(args.gold, args.pred, *events)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    m = result["metrics"]
    print(
        f"metrics  P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}  "
        f"(gold {m['gold']}, pred {m['pred']}, matched {m['tp']}); span-only F1 {m['span_only']['f1']:.3f}"
    )
    print("  fields on matched: " + _fields(m["fields"]))
    if "events" in result:
        e = result["events"]
        print(f"events   P {e['precision']:.3f}  R {e['recall']:.3f}  F1 {e['f1']:.3f}  "
              f"(gold {e['gold']}, pred {e['pred']})")
        print("  fields on matched: " + _fields(e["fields"]))
    return 0


def _fields(fields: dict) -> str:
    return ", ".join(f"{k} {v:.3f}" if v is not None else f"{k} -" for k, v in fields.items())


def _cmd_schema(args: argparse.Namespace) -> int:
    from .records import ExtractionResult

    print(json.dumps(ExtractionResult.model_json_schema(), ensure_ascii=False, indent=2))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="unionextract", description="Metrics and events from Chinese trade-union reports."
    )
    parser.add_argument("--version", action="version", version=f"unionextract {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    ex = sub.add_parser("extract", help="extract files and folders into an output folder")
    ex.add_argument("paths", nargs="+", help="files or folders (walked recursively)")
    ex.add_argument("--out", required=True, type=Path, help="output folder")
    ex.add_argument("--quiet", action="store_true", help="no progress and no summary (exit status only)")
    ex.add_argument("--workers", type=int, default=1, metavar="N",
                    help="worker processes (default 1: extract in this process)")
    ex.add_argument("--force", action="store_true",
                    help="extract again documents already stored with the same content")
    ex.add_argument("--start-method", choices=("fork", "spawn", "forkserver"), default=None,
                    help="how worker processes start (default: the platform's)")
    ex.add_argument("--max-mb", type=int, default=20, metavar="MB",
                    help="larger files are recorded as failed, not read (default 20)")
    ex.add_argument("--no-review", action="store_true", help="do not write DIR/review.html")
    ex.add_argument("--db", default=None, metavar="URL",
                    help="store in this database (postgresql://...) instead of DIR/unionextract.sqlite")
    ex.add_argument("--engine", choices=("local", "spark"), default="local",
                    help="extract in this process and its workers, or on Spark (the spark extra)")
    ex.add_argument("--spark-master", default=None, metavar="MASTER",
                    help="with --engine spark: the Spark master, e.g. local[2] (default: Spark's own)")
    ex.set_defaults(func=_cmd_extract)

    xp = sub.add_parser("export", help="write a store's documents, metrics and events as tables")
    xp.add_argument("db", type=Path, nargs="?", help="the database (or the output folder of `extract`)")
    xp.add_argument("--db", dest="db_url", default=None, metavar="URL",
                    help="export from this database instead (postgresql://...)")
    xp.add_argument("--format", choices=("jsonl", "csv", "parquet"), default="csv")
    xp.add_argument("--out", required=True, type=Path, help="folder for documents/metrics/events files")
    xp.add_argument("--with-text", action="store_true", help="include each document's text")
    xp.set_defaults(func=_cmd_export)

    rv = sub.add_parser("review", help="write one self-contained HTML page to review a store")
    rv.add_argument("db", type=Path, help="the database (or the output folder of `extract`)")
    rv.add_argument("-o", "--out", type=Path, default=Path("review.html"),
                    help="the page (default review.html)")
    rv.add_argument("--max-docs", type=int, default=None, help="show at most this many documents")
    rv.set_defaults(func=_cmd_review)

    ev = sub.add_parser("eval", help="score predictions against gold, as the contract defines")
    ev.add_argument("gold", help="gold metrics JSONL")
    ev.add_argument("pred", help="predicted metrics JSONL")
    ev.add_argument("--events", nargs=2, metavar=("GOLD", "PRED"), help="gold and predicted events JSONL")
    ev.add_argument("--json", action="store_true", help="print one JSON object")
    ev.set_defaults(func=_cmd_eval)

    sc = sub.add_parser("schema", help="print the JSON Schema of the output records")
    sc.set_defaults(func=_cmd_schema)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
