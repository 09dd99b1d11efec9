"""Source profiles are data: which rules run, in which order, with which options.

Each ``*.toml`` file here names the rules of its chain and the patterns that
recognise its kind of transcript. Detection scores every profile on the text and
takes the best; ties go to the earlier profile in ``ORDER``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

ORDER = ("telegram", "catalogue", "frus", "letter")


@dataclass(frozen=True)
class Detector:
    pattern: re.Pattern[str]
    weight: float


@dataclass(frozen=True)
class RuleStep:
    name: str
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Profile:
    name: str
    description: str
    recognises: str
    detectors: tuple[Detector, ...]
    steps: tuple[RuleStep, ...]

    def score(self, text: str) -> float:
        head = text[:20000]
        return sum(d.weight for d in self.detectors if d.pattern.search(head))


def _load(name: str) -> Profile:
    raw = tomllib.loads(resources.files(__name__).joinpath(f"{name}.toml").read_text(encoding="utf-8"))
    detectors = tuple(
        Detector(re.compile(d["pattern"], re.M), float(d.get("weight", 1))) for d in raw.get("detect", [])
    )
    steps = tuple(
        RuleStep(r["rule"], {k: v for k, v in r.items() if k != "rule"}) for r in raw.get("rules", [])
    )
    return Profile(raw["name"], raw["description"], raw.get("recognises", ""), detectors, steps)


@cache
def all_profiles() -> tuple[Profile, ...]:
    return tuple(_load(name) for name in ORDER)


def get(name: str) -> Profile:
    for profile in all_profiles():
        if profile.name == name:
            return profile
    raise KeyError(name)


def detect(text: str) -> Profile:
    """The profile whose detectors score highest; the letter fallback when none scores."""
    best = max(all_profiles(), key=lambda p: (p.score(text), -ORDER.index(p.name)))
    return best if best.score(text) > 0 else get("letter")
