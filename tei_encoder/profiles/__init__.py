"""Source profiles are data: which rules run, in which order, with which options.

Each ``*.toml`` file here names the rules of its chain and the patterns that
recognise its kind of transcript. Detection scores every profile on the text and
takes the best; ties go to the earlier profile in ``ORDER``.
"""

from __future__ import annotations

import importlib
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

ORDER = ("telegram", "catalogue", "frus", "letter")

#: Detectors read this much of the text: a transcript's kind shows at its top.
HEAD = 20000

#: The standard library's regular-expression parser (private, untyped: read only to find a pattern's needles).
_parser: Any = importlib.import_module("re._parser")
_LITERAL, _SUBPATTERN, _BRANCH = _parser.LITERAL, _parser.SUBPATTERN, _parser.BRANCH
_AT, _AT_BEGINNING = _parser.AT, _parser.AT_BEGINNING


@dataclass(frozen=True)
class Detector:
    pattern: re.Pattern[str]
    weight: float
    #: Strings a match must contain (one of each tuple): a ``str.find`` rules out most texts before the regex,
    #: whose line-anchored patterns otherwise try every offset of the text.
    needles: tuple[tuple[str, ...], ...] = ()
    #: The pattern after a line feed, for a pattern whose every match begins a line (``line_starts``).
    after_newline: re.Pattern[str] | None = None

    def hit(self, head: str) -> bool:
        if not all(any(n in head for n in alts) for alts in self.needles):
            return False
        if self.after_newline is not None:
            return self.pattern.match(head) is not None or self.after_newline.search(head) is not None
        return self.pattern.search(head) is not None


def line_starts(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """``pattern`` after a line feed, when every match of it begins a line (a leading ``^``, multi-line).

    Such a pattern matches somewhere iff it matches at the start or this one matches somewhere; and
    this one, beginning with a literal, is tried only at line feeds, where ``^`` is tried at every offset.
    """
    if not pattern.flags & re.M or pattern.flags & re.X or not pattern.pattern.startswith("^"):
        return None
    data = _parser.parse(pattern.pattern, pattern.flags).data
    if not data or tuple(data[0]) != (_AT, _AT_BEGINNING):
        return None
    return re.compile(f"\\n(?:{pattern.pattern})", pattern.flags)


def needles(pattern: re.Pattern[str]) -> tuple[tuple[str, ...], ...]:
    """The literal runs every match of ``pattern`` contains, each as its alternatives; () when unsure.

    Only runs outside repeats count, and nothing under a case-insensitive or other scoped flag, so a
    needle is a necessary condition: a text without it cannot match, and the detector's answer stays the same.
    """
    if pattern.flags & (re.I | re.X):
        return ()
    data = _parser.parse(pattern.pattern, pattern.flags).data
    if data and data[0][0] is _LITERAL:  # the regex engine scans for a leading literal itself
        return ()
    return tuple(alts for alts in _required(data) if alts and _worth_finding(alts))


def _worth_finding(alts: tuple[str, ...]) -> bool:
    """Whether ``str.find`` of these beats trying the pattern at each line start (measured on the
    benchmark corpus): a few strings of four characters or more, not short ones that are everywhere."""
    return len(alts) <= 4 and all(len(n) >= 4 for n in alts)


def _required(items: Any) -> list[tuple[str, ...]]:
    """Needles of a parsed sequence: its literal runs, and a group's or a branch's when every way has one."""
    out: list[tuple[str, ...]] = []
    run: list[str] = []
    for op, av in items:
        if op is _LITERAL:
            run.append(chr(av))
            continue
        if run:
            out.append(("".join(run),))
            run = []
        if op is _SUBPATTERN and not av[1] and not av[2]:
            out.extend(_required(av[3]))
        elif op is _BRANCH:
            firsts = [_required(way) for way in av[1]]
            if all(len(f) > 0 and len(f[0]) == 1 for f in firsts):
                out.append(tuple(f[0][0] for f in firsts))
    if run:
        out.append(("".join(run),))
    return out


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
        return self.score_head(text[:HEAD])

    def score_head(self, head: str) -> float:
        return sum(d.weight for d in self.detectors if d.hit(head))


def _load(name: str) -> Profile:
    raw = tomllib.loads(resources.files(__name__).joinpath(f"{name}.toml").read_text(encoding="utf-8"))
    patterns = [(re.compile(d["pattern"], re.M), float(d.get("weight", 1))) for d in raw.get("detect", [])]
    detectors = tuple(Detector(p, w, needles(p), line_starts(p)) for p, w in patterns)
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
    """The profile whose detectors score highest; the letter fallback when none scores.

    Each profile is scored once, on one copy of the head, ties going to the earlier profile.
    """
    head = text[:HEAD]
    score, _, best = max((p.score_head(head), -ORDER.index(p.name), p) for p in all_profiles())
    return best if score > 0 else get("letter")
