"""tei-encoder: archival transcripts to TEI P5, TEI validation, and an HTML reading edition."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "encode"]


def __getattr__(name: str) -> object:
    # The API pulls in lxml and the rule machinery; keep ``import tei_encoder`` cheap.
    if name == "encode":
        from .api import encode

        return encode
    raise AttributeError(name)
