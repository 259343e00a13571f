"""Finding the input files of a run, each with the name its records carry."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path


def iter_inputs(paths: list[str | Path]) -> Iterator[tuple[Path, str]]:
    """(file, doc name) for every file under the given paths, in a stable order.

    The doc name is the path relative to the folder given, or the file's name when a file
    is given directly. Hidden files and folders are skipped. A folder's files come in the order
    of their relative paths compared part by part (`a/b.txt` before `a-b.txt`), which is a walk
    that sorts each folder's entries by name: streamed, one folder's listing at a time, so a
    folder of any size costs no list of all its paths.
    """
    for given in map(Path, paths):
        if given.is_dir():
            for path, parts in _walk(given, ()):
                yield path, "/".join(parts)
        else:
            yield given, given.name


def _walk(folder: Path, parts: tuple[str, ...]) -> Iterator[tuple[Path, tuple[str, ...]]]:
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except PermissionError:
        return  # an unreadable folder holds no inputs we can name
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = folder / entry.name
        try:
            real_folder = entry.is_dir(follow_symlinks=False)
        except OSError:
            real_folder = False
        if real_folder:
            yield from _walk(path, (*parts, entry.name))
        elif not path.is_dir():
            # not only regular files: a dangling link or a pipe is an input that cannot be read,
            # and is reported as such rather than silently left out; a link to a folder is
            # neither followed nor an input
            yield path, (*parts, entry.name)
