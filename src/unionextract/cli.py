"""The command line: a thin layer over the public API."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__


def _cmd_extract(args: argparse.Namespace) -> int:
    from .runner import run_extract

    return run_extract(args)


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
    ex.add_argument("--quiet", action="store_true", help="print nothing but errors")
    ex.set_defaults(func=_cmd_extract)

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
