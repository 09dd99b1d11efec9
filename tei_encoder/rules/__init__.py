"""Rules, one small module each, looked up by name from a profile's chain.

A rule is ``apply(state, **options) -> None``: it reads ``state.text`` and adds
spans and facts, never edits the text. Modules are imported on first use.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import ModuleType
from typing import Any

from ..model import State

Rule = Callable[..., None]

#: Rule modules by name, once imported: ``importlib.import_module`` costs a few microseconds a call,
#: and every encode asks for about twenty rules.
_modules: dict[str, ModuleType] = {}


def get(name: str) -> Rule:
    module = _modules.get(name)
    if module is None:
        module = _modules[name] = importlib.import_module(f"{__name__}.{name}")
    # The module's current ``apply``, not one kept from the first call, so that replacing it still works.
    rule: Rule = module.apply
    return rule


def run(state: State, steps: Any) -> None:
    for step in steps:
        get(step.name)(state, **step.options)
