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

    Names are unique, as the store needs: when several paths are given and one yields a name an
    earlier one used (`2023/report.txt` under two archives), the later takes its given folder's
    name in front (`archive-b/2023/report.txt`), or the path as given if that is taken too.
    """
    given_paths = [Path(p) for p in paths]
    seen: set[str] | None = set() if len(given_paths) > 1 else None  # one path cannot collide
    for given in given_paths:
        for path, name in _named(given):
            if seen is not None:
                name = _unique(name, given, seen)
                seen.add(name)
            yield path, name


def _named(given: Path) -> Iterator[tuple[Path, str]]:
    if given.is_dir():
        for path, parts in _walk(given, ()):
            yield path, "/".join(parts)
    else:
        yield given, given.name


def _unique(name: str, given: Path, seen: set[str]) -> str:
    if name not in seen:
        return name
    prefixed = f"{given.name}/{name}" if given.is_dir() else name
    if prefixed not in seen:
        return prefixed
    return given.as_posix() if not given.is_dir() else f"{given.as_posix()}/{name}"


def _walk(folder: Path, parts: tuple[str, ...]) -> Iterator[tuple[Path, tuple[str, ...]]]:
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except PermissionError:
        # its files cannot be named: the folder itself is the input, so that the run records
        # it as unreadable rather than passing over it in silence
        if parts:
            yield folder, parts
        return
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
