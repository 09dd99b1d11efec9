"""Find the files to check and check them across the cores with one compiled validator.

Start-up is the cost that dominates a CI run of many small files, so the
schemas are compiled once in the parent and inherited by forked workers (no
pickling of compiled schemas, no per-worker recompilation); each worker gets
chunks of paths and returns plain results.
"""

from __future__ import annotations

import glob
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from .engine import FileResult, Validator

XML_SUFFIXES = (".xml", ".tei")
#: Below this many files a worker pool costs more than it saves.
PARALLEL_MIN_FILES = 48

_WORKER_VALIDATOR: Validator | None = None


class PathError(Exception):
    """A path argument that names nothing: a usage error (exit 2)."""


def expand_paths(args: Iterable[str]) -> list[str]:
    """Files as given, directories searched recursively for *.xml / *.tei, globs expanded; order kept."""
    out: list[str] = []
    seen: set[str] = set()

    def add(p: str) -> None:
        if p not in seen:
            seen.add(p)
            out.append(p)

    for arg in args:
        path = Path(arg)
        if path.is_dir():
            found_here = sorted(_walk(path))
            if not found_here:
                # An empty check would pass in CI and hide a wrong path: a usage error, like a glob matching nothing.
                raise PathError(f"{arg}: no *.xml or *.tei file in this folder")
            for found in found_here:
                add(found)
        elif path.exists():
            add(arg)
        elif glob.has_magic(arg):
            matches = sorted(glob.glob(arg, recursive=True))
            if not matches:
                raise PathError(f"{arg}: no file matches this pattern")
            for m in matches:
                if Path(m).is_dir():
                    for found in sorted(_walk(Path(m))):
                        add(found)
                else:
                    add(m)
        else:
            raise PathError(f"{arg}: no such file or directory")
    return out


def _walk(directory: Path) -> list[str]:
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(directory):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            if name.lower().endswith(XML_SUFFIXES):
                found.append(os.path.join(dirpath, name))
    return found


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _init_worker(validator: Validator) -> None:
    global _WORKER_VALIDATOR
    _WORKER_VALIDATOR = validator


def _check_chunk(paths: Sequence[str]) -> list[FileResult]:
    validator = _WORKER_VALIDATOR
    assert validator is not None, "worker started without a validator"
    return [validator.validate_path(p) for p in paths]


def validate_files(validator: Validator, paths: Sequence[str], jobs: int | None = None) -> list[FileResult]:
    """Results in the order of ``paths``; forked workers when there are enough files and cores."""
    jobs = default_jobs() if jobs is None else max(1, jobs)
    if jobs == 1 or len(paths) < PARALLEL_MIN_FILES or sys.platform == "win32":
        return [validator.validate_path(p) for p in paths]
    import multiprocessing  # only here: a few milliseconds of start-up that small runs do not need

    if "fork" not in multiprocessing.get_all_start_methods():
        return [validator.validate_path(p) for p in paths]
    # Chunks small enough to balance, large enough that IPC stays negligible.
    size = max(8, min(256, len(paths) // (jobs * 8) or 1))
    chunks = [paths[i:i + size] for i in range(0, len(paths), size)]
    ctx = multiprocessing.get_context("fork")
    # The children inherit the compiled validator through fork; initargs are not pickled under fork.
    with ctx.Pool(processes=jobs, initializer=_init_worker, initargs=(validator,)) as pool:
        results: list[FileResult] = []
        for part in pool.imap(_check_chunk, chunks):
            results.extend(part)
    return results
