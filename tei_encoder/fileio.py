"""Writing output so that an archivist's files are never half-written or silently replaced."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import TeiEncoderError


def write_atomic(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write to a temporary file in the same folder, then rename over the target.

    An existing file is only replaced with ``force``; on any failure the
    temporary file is removed and the target is left as it was.
    """
    if path.exists() and not force:
        raise TeiEncoderError(str(path), "output exists; use --force to overwrite")
    if path.is_dir():
        raise TeiEncoderError(str(path), "output is a directory")
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except FileNotFoundError:
        raise TeiEncoderError(str(path), "output folder does not exist") from None
    except PermissionError:
        raise TeiEncoderError(str(path), "permission denied") from None
    except OSError as exc:
        raise TeiEncoderError(str(path), exc.strerror or "cannot write") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise TeiEncoderError(str(path), exc.strerror or "cannot write") from None
        raise
