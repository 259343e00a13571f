"""Finding the input files of a run, each with the name its records carry."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path


def iter_inputs(paths: list[str | Path]) -> Iterator[tuple[Path, str]]:
    """(file, doc name) for every file under the given paths, in a stable order.

    The doc name is the path relative to the folder given, or the file's name when a file
    is given directly. Hidden files and folders are skipped.
    """
    for given in map(Path, paths):
        if given.is_dir():
            # not only regular files: a dangling link or a pipe is an input that cannot be read,
            # and is reported as such rather than silently left out
            for path in sorted(p for p in given.rglob("*") if not p.is_dir()):
                rel = path.relative_to(given)
                if any(part.startswith(".") for part in rel.parts):
                    continue
                yield path, rel.as_posix()
        else:
            yield given, given.name
