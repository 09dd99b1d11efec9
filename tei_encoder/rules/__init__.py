"""Rules, one small module each, looked up by name from a profile's chain.

A rule is ``apply(state, **options) -> None``: it reads ``state.text`` and adds
spans and facts, never edits the text. Modules are imported on first use.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from ..model import State

Rule = Callable[..., None]


def get(name: str) -> Rule:
    module = importlib.import_module(f"{__name__}.{name}")
    rule: Rule = module.apply
    return rule


def run(state: State, steps: Any) -> None:
    for step in steps:
        get(step.name)(state, **step.options)
