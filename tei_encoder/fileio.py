"""Writing output so that an archivist's files are never half-written or silently replaced.

Every file the toolkit writes goes to a hidden temporary file in the target's
own folder and is then renamed into place, so a crash, a full disk or Ctrl-C
leaves either the old file or the new one, never a mixture or an empty file.
Temporary names share one recognisable pattern so that an interrupted batch
can sweep away what a killed worker could not.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from .errors import TeiEncoderError

#: Temporary files are ``.<target name>.<random>.tei-tmp`` next to their target.
TMP_SUFFIX = ".tei-tmp"


def _reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    if exc.errno == errno.ENOSPC:
        return "no space left on device"
    if exc.errno == errno.EROFS:
        return "read-only file system"
    if isinstance(exc, NotADirectoryError):
        return "a parent of the output is a file, not a folder"
    return exc.strerror or "cannot write"


def _check_target(path: Path, force: bool) -> None:
    if path.is_dir():
        raise TeiEncoderError(str(path), "output is a directory")
    if not force and (path.exists() or path.is_symlink()):
        raise TeiEncoderError(str(path), "output exists; use --force to overwrite")


def ensure_folder(folder: Path) -> None:
    """Create an output folder, turning OS failures into one-line errors about that folder."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise TeiEncoderError(str(folder), "output folder is a file") from None
    except OSError as exc:
        raise TeiEncoderError(str(folder), _reason(exc)) from None


@contextmanager
def atomic_writer(path: Path, *, force: bool = False, durable: bool = True) -> Iterator[BinaryIO]:
    """Yield a binary file that becomes ``path`` only if the block finishes.

    Without ``force`` the final step is a hard link, which fails if the target
    appeared meanwhile, so a concurrent writer's file is never clobbered either.
    ``durable`` fsyncs the data before the rename; the rename itself is what
    guarantees that no reader ever sees a partial file.
    """
    import tempfile  # here, not at the top: importing it costs more than a small file's encoding step

    _check_target(path, force)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TMP_SUFFIX, dir=folder)
    except FileNotFoundError:
        raise TeiEncoderError(str(path), "output folder does not exist") from None
    except OSError as exc:
        raise TeiEncoderError(str(path), _reason(exc)) from None
    try:
        # mkstemp makes the file 0600; outputs are ordinary files for the archive.
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        if force:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise TeiEncoderError(str(path), "output exists; use --force to overwrite") from None
            except OSError as exc:
                if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
                    raise
                # File systems without hard links: re-check, then rename.
                _check_target(path, force)
                os.replace(tmp, path)
            else:
                os.unlink(tmp)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise TeiEncoderError(str(path), _reason(exc)) from None
        raise


def write_atomic(path: Path, data: bytes, *, force: bool = False, durable: bool = True) -> None:
    """Write ``data`` to ``path`` through :func:`atomic_writer`."""
    with atomic_writer(path, force=force, durable=durable) as fh:
        fh.write(data)


def sweep_temporaries(folder: Path, names: set[str]) -> int:
    """Remove temporary files left in ``folder`` for the given target names; return how many.

    A worker killed in the middle of a write cannot clean up after itself, so
    the process that stopped it does, touching only temporaries of its own targets.
    """
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        name = entry.name
        if not (name.startswith(".") and name.endswith(TMP_SUFFIX)):
            continue
        target = name[1 : -len(TMP_SUFFIX)].rsplit(".", 1)[0]
        if target in names:
            try:
                os.unlink(entry.path)
                removed += 1
            except OSError:
                pass
    return removed
