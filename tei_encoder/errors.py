"""Errors the toolkit reports to a person as one line, never as a traceback."""

from __future__ import annotations


class TeiEncoderError(Exception):
    """An error about one input that the CLI prints as ``tei-encoder: error: FILE: reason``."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class InputError(TeiEncoderError):
    """The input cannot be read or decoded as a transcript."""
