"""Throughput, per-stage time, scaling, memory and start-up of unionextract, in one run.

    .venv/bin/python benchmarks/run.py                 # the full sizes: 5 MB of text, 200 MB archive
    .venv/bin/python benchmarks/run.py --text-mb 1 --archive-mb 5 10 --docs 40   # a shorter run

Prints a table and writes benchmarks/results/latest.json (figures and the machine). The text is
the bundled corpora (corpora/seeds) repeated; nothing here is a test and nothing asserts a time.
Targets, reported as met or not: pipeline >= 1.0x jieba.lcut's chars/s; --workers 2 >= 1.8x
the docs/s of --workers 1; peak RSS < 400 MB on the largest archive and not growing with its
size; import + first result < 2 s.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import platform
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "corpora" / "seeds").glob("*.txt"))
RESULTS = ROOT / "benchmarks" / "results"
CLI = [sys.executable, "-m", "unionextract"]
# The processes started here keep their compiled bytecode, as an installed package does: a
# shell that sets PYTHONDONTWRITEBYTECODE would have every one of them compile the package from
# source first, a cost no installed copy pays.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
MB = 2**20


def read_raw(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as fh:
        return fh.read()


def corpus(min_bytes: int) -> list[tuple[str, str]]:
    """(name, text) of the seed documents repeated until their UTF-8 size reaches min_bytes."""
    seeds = [(p.stem, read_raw(p)) for p in SEEDS]
    docs, size, n = [], 0, 0
    while size < min_bytes:
        name, text = seeds[n % len(seeds)]
        docs.append((f"{n:06d}_{name}.txt", text))
        size += len(text.encode("utf-8"))
        n += 1
    return docs


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu": cpu, "ram_gib": mem, "python": platform.python_version(),
            "platform": platform.platform(), "load_average_at_start": list(os.getloadavg())}


# -- throughput and stages ---------------------------------------------------------------


def throughput(docs: list[tuple[str, str]]) -> dict:
    import jieba

    from unionextract.pipeline import extract_text

    jieba.lcut("工会")  # loads jieba's dictionary: not part of the measured rate
    extract_text(docs[0][1])  # loads the lexicons likewise
    chars = sum(len(t) for _, t in docs)
    # Document by document, the reference then the pipeline: a change of load on a shared
    # machine falls on both alike instead of on whichever ran second.
    jieba_s = pipe_s = 0.0
    for name, text in docs:
        t0 = time.perf_counter()
        jieba.lcut(text)
        t1 = time.perf_counter()
        extract_text(text, doc=name)
        t2 = time.perf_counter()
        jieba_s += t1 - t0
        pipe_s += t2 - t1
    return {
        "documents": len(docs),
        "characters": chars,
        "utf8_bytes": sum(len(t.encode("utf-8")) for _, t in docs),
        "jieba_lcut_chars_per_s": chars / jieba_s,
        "pipeline_chars_per_s": chars / pipe_s,
        "ratio_pipeline_to_jieba": (chars / pipe_s) / (chars / jieba_s),
    }


def stages(docs: list[tuple[str, str]], folder: Path) -> dict:
    """Seconds spent in each stage: the steps of `extract_text`, one after another, timed apart.

    `records` is the making of the typed records (metrics, rejections, the document) and the
    span check; `writing` is their JSON lines.
    """
    import hashlib

    from unionextract import attribution, events, quantities, segment, table_figures
    from unionextract.io.jsonl import dumps
    from unionextract.pipeline import _metric, check_spans
    from unionextract.records import Document, ExtractionResult, Rejection, trusted
    from unionextract.text import detect_script, normalise, read_text

    for name, text in docs:
        (folder / name).write_text(text, encoding="utf-8", newline="")
    spent = defaultdict(float)
    for name, _ in docs:
        t = time.perf_counter()
        raw = read_text(folder / name).text
        t, spent["reading"] = _lap(t, spent["reading"])
        view = normalise(raw)
        t, spent["normalise"] = _lap(t, spent["normalise"])
        structure = segment.segment(view)
        t, spent["structure"] = _lap(t, spent["structure"])
        found = table_figures.promote(quantities.scan(raw, view), structure, view)
        t, spent["quantities"] = _lap(t, spent["quantities"])
        metric_quantities = [q for q in found if q.is_metric]
        rejections = [trusted(Rejection, {"doc": name, "start": q.start, "end": q.end, "text": q.text,
                                          "kind": q.kind, "rule": q.rule})
                      for q in found if not q.is_metric]  # as `extract_text` builds them
        t, spent["records"] = _lap(t, spent["records"])
        found_for = attribution.attribute(raw, view, structure, metric_quantities)
        t, spent["attribution"] = _lap(t, spent["attribution"])
        metrics = [_metric(name, i, q, a, structure)
                   for i, (q, a) in enumerate(zip(metric_quantities, found_for, strict=True))]
        t, spent["records"] = _lap(t, spent["records"])
        event_records = events.find_events(raw, view, structure, metrics, name)
        t, spent["events"] = _lap(t, spent["events"])
        document = Document(id=name, path=name, sha256=hashlib.sha256(raw.encode("utf-8")).hexdigest(),
                            characters=len(raw), format="txt", script=detect_script(raw, view))
        result = ExtractionResult(document=document, metrics=metrics, events=event_records,
                                  rejections=rejections)
        check_spans(raw, result)
        t, spent["records"] = _lap(t, spent["records"])
        "\n".join(dumps(r) for r in (result.document, *result.metrics, *result.events))
        t, spent["writing"] = _lap(t, spent["writing"])
    total = sum(spent.values())
    return {k: {"seconds": v, "share": v / total} for k, v in spent.items()}


def _lap(t: float, acc: float) -> tuple[float, float]:
    now = time.perf_counter()
    return now, acc + (now - t)


def hot_spots(docs: list[tuple[str, str]], top: int = 15) -> dict:
    """cProfile of the pipeline: own time per unionextract module, and the top functions."""
    from unionextract.pipeline import extract_text

    extract_text(docs[0][1])
    prof = cProfile.Profile()
    prof.enable()
    for name, text in docs:
        extract_text(text, doc=name)
    prof.disable()
    stats = pstats.Stats(prof)
    per_module: dict[str, float] = defaultdict(float)
    functions = []
    for (filename, line, func), (_cc, _nc, tottime, cumtime, _callers) in stats.stats.items():
        module = _module_of(filename)
        per_module[module] += tottime
        functions.append((tottime, cumtime, f"{module}:{line}:{func}"))
    functions.sort(reverse=True)
    total = sum(per_module.values()) or 1.0
    ranked = sorted(per_module.items(), key=lambda kv: -kv[1])
    return {
        "own_seconds_by_module": dict(ranked[:top]),
        "own_share_by_module": {k: v / total for k, v in ranked[:top]},
        "top_functions_by_own_time": [{"function": f, "own_s": t, "cum_s": c} for t, c, f in functions[:top]],
    }


def _module_of(filename: str) -> str:
    if "unionextract" in filename and "site-packages" not in filename:
        return "unionextract." + filename.split("unionextract/", 1)[-1].removesuffix(".py").replace("/", ".")
    if "site-packages/" in filename:
        return filename.split("site-packages/", 1)[1].split("/", 1)[0]
    if filename.startswith("~") or filename.startswith("<"):
        return "builtins"
    return "stdlib:" + Path(filename).stem


# -- the command line: scaling, memory, start-up -----------------------------------------


def write_docs(docs: list[tuple[str, str]], folder: Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    size = 0
    for name, text in docs:
        data = text.encode("utf-8")
        (folder / name).write_bytes(data)
        size += len(data)
    return size


def run_cli(args: list[str], *, poll_rss: bool = True) -> dict:
    """Run the command; its wall time and, when `poll_rss`, the peak RSS of it and its children
    (polled every 0.1 s from /proc, which costs CPU: left out where only time is measured)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(CLI + args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=CHILD_ENV)
    peak_tree = peak_one = 0
    if poll_rss:
        while proc.poll() is None:
            rss = _tree_rss(proc.pid)
            peak_tree = max(peak_tree, sum(rss.values()))
            peak_one = max([peak_one, *rss.values()])
            time.sleep(0.1)
    err = proc.communicate()[1].decode("utf-8", "replace")
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} exited {proc.returncode}: {err[-2000:]}")
    out = {"seconds": wall}
    if poll_rss:
        out |= {"peak_rss_tree_mb": peak_tree / 1024, "peak_rss_process_mb": peak_one / 1024}
    return out


def _tree_rss(pid: int) -> dict[int, int]:
    """VmRSS in KiB of a process and its descendants (read from /proc)."""
    children: dict[int, list[int]] = defaultdict(list)
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children[ppid].append(int(entry.name))
    out, todo = {}, [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    out[p] = int(line.split()[1])
        except OSError:
            continue
        todo.extend(children.get(p, []))
    return out


def scaling(docs: list[tuple[str, str]], tmp: Path, rounds: int = 3) -> dict:
    """docs/s of `extract --workers 1` and `--workers 2`, run in turn `rounds` times each; the
    best run of each counts (on a shared machine, the one least disturbed by other work)."""
    folder = tmp / "scaling"
    write_docs(docs, folder)
    runs: dict[int, list[float]] = {1: [], 2: []}
    for _ in range(rounds):
        for workers in (1, 2):
            target = tmp / f"out-w{workers}"
            r = run_cli(["extract", str(folder), "--out", str(target), "--quiet", "--no-review",
                         "--workers", str(workers)], poll_rss=False)
            runs[workers].append(r["seconds"])
            shutil.rmtree(target, ignore_errors=True)
    out = {}
    for workers, seconds in runs.items():
        out[f"workers_{workers}"] = {"seconds": min(seconds), "runs_seconds": seconds,
                                     "docs_per_s": len(docs) / min(seconds)}
    out["speedup_2_over_1"] = out["workers_2"]["docs_per_s"] / out["workers_1"]["docs_per_s"]
    out["documents"] = len(docs)
    return out


def memory(sizes_mb: list[float], tmp: Path, workers: int) -> list[dict]:
    rows = []
    for size in sizes_mb:
        folder = tmp / f"archive-{size}"
        docs = corpus(int(size * MB))
        nbytes = write_docs(docs, folder)
        target = tmp / f"out-archive-{size}"
        r = run_cli(["extract", str(folder), "--out", str(target), "--quiet", "--no-review",
                     "--workers", str(workers)])
        rows.append({"archive_mb": nbytes / MB, "documents": len(docs), "workers": workers, **r})
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(target, ignore_errors=True)
    return rows


def startup() -> dict:
    sample = read_raw(SEEDS[0])[:200].replace("'", "")
    first = f"import unionextract; unionextract.extract_text({sample!r})"
    out = {}
    for key, code in (("import_s", "import unionextract"), ("import_and_first_result_s", first)):
        subprocess.run([sys.executable, "-c", code], check=True, env=CHILD_ENV)  # writes the bytecode
        runs = []
        for _ in range(3):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True, env=CHILD_ENV)
            runs.append(time.perf_counter() - t0)
        out[key] = min(runs)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--text-mb", type=float, default=5.0, help="text for throughput (default 5 MB)")
    ap.add_argument("--docs", type=int, default=1000, help="documents for the --workers scaling run")
    ap.add_argument("--archive-mb", type=float, nargs="+", default=[50.0, 200.0],
                    help="archive sizes for peak RSS (default 50 200: growth is read between them)")
    ap.add_argument("--archive-workers", type=int, default=2)
    ap.add_argument("--skip", nargs="*", default=[],
                    choices=("throughput", "stages", "profile", "scaling", "memory", "startup"))
    ap.add_argument("--out", type=Path, default=RESULTS / "latest.json")
    args = ap.parse_args(argv)

    result: dict = {"machine": machine(), "arguments": vars(args) | {"out": str(args.out)},
                    "started": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
    docs = corpus(int(args.text_mb * MB))
    with tempfile.TemporaryDirectory(prefix="unionextract-bench-") as tmp_name:
        tmp = Path(tmp_name)
        steps = (
            ("startup", startup),
            ("throughput", lambda: throughput(docs)),
            ("stages", lambda: stages(docs[: max(1, len(docs) // 5)], tmp / "stages")),
            ("profile", lambda: hot_spots(docs[: max(1, len(docs) // 10)])),
            ("scaling", lambda: scaling(_n_docs(args.docs), tmp)),
            ("memory", lambda: memory(args.archive_mb, tmp, args.archive_workers)),
        )
        for name, step in steps:
            if name in args.skip:
                continue
            if name == "stages":
                (tmp / "stages").mkdir()
            t0 = time.perf_counter()
            result[name] = step()
            print(f"[{name} done in {time.perf_counter() - t0:.0f} s]", file=sys.stderr, flush=True)
    result["targets"] = targets(result)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(table(result))
    print(f"\nwritten: {args.out}")
    return 0


def _n_docs(n: int) -> list[tuple[str, str]]:
    seeds = [(p.stem, read_raw(p)) for p in SEEDS]
    return [(f"{i:06d}_{seeds[i % len(seeds)][0]}.txt", seeds[i % len(seeds)][1]) for i in range(n)]


def targets(r: dict) -> dict:
    t: dict = {}
    if "throughput" in r:
        t["pipeline_vs_jieba_>=1.0"] = r["throughput"]["ratio_pipeline_to_jieba"] >= 1.0
    if "scaling" in r:
        t["workers2_speedup_>=1.8"] = r["scaling"]["speedup_2_over_1"] >= 1.8
    if "memory" in r and r["memory"]:
        peaks = [m["peak_rss_tree_mb"] for m in r["memory"]]
        t["peak_rss_<400MB"] = max(peaks) < 400
        # "not growing": the largest archive's peak within 10% of the smallest's
        t["peak_rss_flat_with_size"] = peaks[-1] <= peaks[0] * 1.10
        t["largest_archive_mb"] = r["memory"][-1]["archive_mb"]
    if "startup" in r:
        t["import_and_first_result_<2s"] = r["startup"]["import_and_first_result_s"] < 2.0
    return t


def table(r: dict) -> str:
    m = r["machine"]
    lines = [f"machine: {m['nproc']} cores, {m['cpu']}, {m['ram_gib']} GiB, Python {m['python']}, "
             f"load {m['load_average_at_start'][0]:.1f}"]
    if "throughput" in r:
        th = r["throughput"]
        lines += [
            f"text: {th['documents']} docs, {th['characters']:,} chars ({th['utf8_bytes'] / MB:.1f} MB)",
            f"jieba.lcut      {th['jieba_lcut_chars_per_s']:>12,.0f} chars/s",
            f"extract_text    {th['pipeline_chars_per_s']:>12,.0f} chars/s   "
            f"ratio {th['ratio_pipeline_to_jieba']:.2f}x",
        ]
    if "stages" in r:
        lines.append("stages: " + ", ".join(f"{k} {v['share']:.0%}" for k, v in r["stages"].items()))
    if "profile" in r:
        own = r["profile"]["own_share_by_module"]
        lines.append("own time by module: " + ", ".join(f"{k} {v:.0%}" for k, v in list(own.items())[:8]))
    if "scaling" in r:
        s = r["scaling"]
        lines.append(f"cli docs/s: workers 1 {s['workers_1']['docs_per_s']:.2f}, workers 2 "
                     f"{s['workers_2']['docs_per_s']:.2f} (x{s['speedup_2_over_1']:.2f}) "
                     f"over {s['documents']} docs")
    for row in r.get("memory", []):
        lines.append(f"archive {row['archive_mb']:.1f} MB ({row['documents']} docs, "
                     f"--workers {row['workers']}): "
                     f"peak RSS {row['peak_rss_tree_mb']:.0f} MB "
                     f"(largest process {row['peak_rss_process_mb']:.0f} MB), {row['seconds']:.0f} s")
    if "startup" in r:
        st = r["startup"]
        lines.append(f"import {st['import_s']:.2f} s; "
                     f"import + first result {st['import_and_first_result_s']:.2f} s")
    lines.append("targets: " + ", ".join(f"{k}={v}" for k, v in r["targets"].items()))
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
