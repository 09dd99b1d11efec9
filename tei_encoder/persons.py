"""The personography: known persons a user can extend, and persons found in the text.

Correspondents and persons named in the text point with ``@ref`` into one
``listPerson``. Known persons (``data/persons.toml`` plus any file the user
gives) carry canonical names and authority numbers; others are listed as the
text names them, so every ``@ref`` resolves.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

TITLES = (
    "Generalissimo|Marshal|Premier|President|Prime Minister|Secretary|Ambassador|Foreign Minister|General|"
    "Colonel General|Lieutenant General|Major General|Brigadier General|Colonel|Major|Captain|Admiral|"
    "Commissar|Minister|Monsieur|Mister|Mr|Mrs|Miss|Dr|Sir|Lord|Lady|Senator|Governor|Judge|King|Queen|"
    "Emperor|Chancellor|Count|Baron|Field Marshal|Air Marshal|Chief Marshal|Ambassador|M|Mme|Madame|Gen|Col|"
    "Adm|Capt|Lt|Maj|Sgt|Gov|Sen|Amb|Vice President|Chargé|Charge|Consul|Consul General|Commander|"
    "Lieutenant|Sergeant|Rear Admiral|Vice Admiral|Fleet Admiral|Prince|Princess|Duke|Earl|Viscount|Marquess"
)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case- and diacritic-insensitive key (``Mikołajczyk`` = ``MIKOLAJCZYK``)."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@dataclass(frozen=True)
class Role:
    """An office held between two ISO dates (inclusive of ``start``, exclusive of ``end``)."""

    title: str
    start: str = ""
    end: str = ""

    def held_on(self, date: str) -> bool:
        if not date:
            return True
        return (not self.start or self.start <= date[: len(self.start)]) and (not self.end or date < self.end)


@dataclass
class Person:
    id: str
    name: str
    surname: str
    aliases: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    wikidata: str = ""
    viaf: str = ""
    known: bool = True
    #: Whether the surname alone, without a title, designates the person in running text.
    bare: bool = True


#: A lookup not made yet (None is a result: nobody).
_UNSEEN = object()
#: Memoised lookups kept at most, so that a long batch run cannot grow them without end.
_MEMO_LIMIT = 100_000


class _Index:
    """The lookup indexes of one set of known persons, read-only once built.

    ``memo`` holds what rules derive from the known persons alone (patterns of
    their names, say), so that it too is built once per set rather than per
    transcript.
    """

    def __init__(self, persons: list[Person]) -> None:
        self.known = {p.id: p for p in persons}
        self.by_key: dict[str, Person] = {}
        self.by_surname: dict[str, Person] = {}
        self.by_role: dict[str, list[tuple[Role, Person]]] = {}
        self.memo: dict[str, Any] = {}
        self.found: dict[str, object] = {}
        self.found_role: dict[tuple[str, str], object] = {}
        for person in persons:
            for name in (person.name, *person.aliases):
                self.by_key.setdefault(_key(name), person)
            self.by_surname.setdefault(fold(person.surname), person)
            for role in person.roles:
                self.by_role.setdefault(fold(role.title), []).append((role, person))


class Registry:
    """Known persons, and the ones an encoding run adds as it meets them.

    Lookups go through indexes built once per set of known persons, because
    every rule asks many times per document; the built-in persons' indexes are
    built once per process and shared (only ``used`` belongs to one run).
    """

    def __init__(self, persons: list[Person], index: _Index | None = None) -> None:
        index = index or _Index(persons)
        self.known = index.known
        self.used: dict[str, Person] = {}
        self._by_key = index.by_key
        self._by_surname = index.by_surname
        self._by_role = index.by_role
        #: Values rules derive from the known persons alone, shared by every registry over the same persons.
        self.memo = index.memo
        # Lookups depend on the known persons alone, and rules repeat them for every document.
        self._found = index.found
        self._found_role = index.found_role

    @classmethod
    def load(cls, extra: list[Path] | None = None) -> Registry:
        if not extra:
            return cls([], _default_index())
        people = list(_default_persons())
        for path in extra:
            people.extend(_parse(tomllib.loads(path.read_text(encoding="utf-8"))))
        return cls(people)

    def find(self, name: str) -> Person | None:
        """The known person a name in the text designates: by alias, then by surname."""
        found = self._found.get(name, _UNSEEN)
        if found is _UNSEEN:
            found = self._found[name] = self._find(name)
            if len(self._found) > _MEMO_LIMIT:
                self._found.clear()
        return found if isinstance(found, Person) else None

    def _find(self, name: str) -> Person | None:
        key = _key(name)
        if not key:
            return None
        person = self._by_key.get(key)
        if person is not None:
            return person
        words = re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", key)
        if not words:
            return None
        last = words[-1].removesuffix("'s").removesuffix("’s")
        return self._by_surname.get(last)

    def find_role(self, designation: str, date: str) -> Person | None:
        """The known person who held an office (``SECSTATE``, ``THE PRESIDENT``) on the document's date.

        Without a date an office is ambiguous across the years, so nothing is returned.
        """
        if not date:
            return None
        found = self._found_role.get((designation, date), _UNSEEN)
        if found is _UNSEEN:
            found = self._found_role[designation, date] = self._find_role(designation, date)
            if len(self._found_role) > _MEMO_LIMIT:
                self._found_role.clear()
        return found if isinstance(found, Person) else None

    def _find_role(self, designation: str, date: str) -> Person | None:
        key = fold(re.sub(r"\s+", " ", designation).strip(" .,:;"))
        key = re.sub(r"^(the|to|from|mr\.?)\s+", "", key)
        key = re.sub(r",.*$", "", key)
        for role, person in self._by_role.get(key, ()):
            if role.held_on(date):
                return person
        return None

    def holds(self, person: Person, designation: str) -> bool:
        """Whether the person ever held the office a designation names (``THE PRESIDENT``)."""
        key = re.sub(r"^(?:the|mr\.?)\s+", "", fold(" ".join(designation.split()).strip(" .,:;")))
        return any(fold(role.title) == key for role in person.roles)

    def ref(self, name: str) -> str:
        """An ``@xml:id`` for the person a name designates, adding an unknown person as the text names them."""
        person = self.find(name)
        if person is None:
            clean = re.sub(r"\s+", " ", name).strip(" .,:;")
            words = re.findall(r"[^\W\d_]+", fold(clean))
            titles = _title_words()
            ascii_words = [w for w in words if w not in titles and w.isascii()]
            # An xml:id must be an NCName; a name in another script gets a stable checksum instead.
            slug = "-".join(ascii_words) if ascii_words and len(ascii_words) == len(
                [w for w in words if w not in titles]) else f"x{zlib.crc32(clean.encode('utf-8')):08x}"
            pid = f"pers-{slug}"
            existing = self.used.get(pid)
            if existing is None:
                person = Person(pid, clean, words[-1] if words else clean, known=False)
            else:
                person = existing
        self.used.setdefault(person.id, person)
        return person.id


@lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    """Words left out of an unknown person's id (``pers-molotov``, not ``pers-mr-molotov``)."""
    return frozenset({fold(t) for t in TITLES.split("|")} | {"the", "of", "and", "mr", "mrs", "dr"})


@lru_cache(maxsize=65536)
def _key(name: str) -> str:
    return fold(re.sub(r"\s+", " ", name).strip(" .,:;'’"))


@lru_cache(maxsize=1)
def _default_index() -> _Index:
    return _Index(list(_default_persons()))


@lru_cache(maxsize=1)
def _default_persons() -> tuple[Person, ...]:
    data = resources.files("tei_encoder").joinpath("data/persons.toml").read_bytes()
    return tuple(_parse(tomllib.loads(data.decode("utf-8"))))


def _parse(data: dict[str, object]) -> list[Person]:
    out: list[Person] = []
    raw = data.get("person", [])
    assert isinstance(raw, list)
    for item in raw:
        out.append(
            Person(
                id=str(item["id"]),
                name=str(item["name"]),
                surname=str(item.get("surname", str(item["name"]).split()[-1])),
                aliases=[str(a) for a in item.get("aliases", [])],
                roles=[
                    Role(str(r["title"]), str(r.get("from", "")), str(r.get("to", "")))
                    for r in item.get("roles", [])
                ],
                wikidata=str(item.get("wikidata", "")),
                viaf=str(item.get("viaf", "")),
                bare=bool(item.get("bare", True)),
            )
        )
    return out
