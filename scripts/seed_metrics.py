"""Write the metrics `find_quantities` finds in each seed report as gold-shaped JSONL (for score.py)."""

import json
import sys
from pathlib import Path

from unionextract import find_quantities


def main(seed_dir: str, out_path: str) -> None:
    with open(out_path, "w", encoding="utf-8") as out:
        for path in sorted(Path(seed_dir).glob("*.txt")):
            with open(path, encoding="utf-8", newline="") as fh:
                raw = fh.read()
            i = 0
            for q in find_quantities(raw):
                if not q.is_metric:
                    continue
                row = {"doc": path.name, "i": i, "start": q.start, "end": q.end, "text": q.text,
                       "kind": q.kind.value, "value": float(q.value), "unit": q.unit,
                       "approx": q.approx.value}
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
                i += 1


if __name__ == "__main__":
    main(*(sys.argv[1:3] if len(sys.argv) > 2 else ("corpora/seeds", "/tmp/qa_metrics.jsonl")))
