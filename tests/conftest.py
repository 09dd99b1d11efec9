"""Shared fixtures: the repo root, the corpus, and the schemas compiled once per session.

tei_all.rng takes ~12 s to compile, so every test that validates shares one compiled copy. The schema is
kept outside the repo (``<repo>/../shared/tei/tei_all.rng``); on a developer machine without it the
validating tests skip, but in CI (``CI=true``) a missing schema must fail the run rather than let the
validity guarantees silently vanish.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus_facts as cf

settings.register_profile(
    "ci",
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
settings.register_profile(
    "long",
    max_examples=5000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def require_file(path: Path, what: str) -> None:
    """Skip when a resource outside the repo is missing, except in CI where that must fail."""
    if path.exists():
        return
    message = f"{what} not found at {path}"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} (CI=true: this is an error, not a skip)")
    pytest.skip(message)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return cf.REPO_ROOT


@pytest.fixture(scope="session")
def tei_all_path() -> Path:
    require_file(cf.TEI_ALL, "the official TEI All schema")
    return cf.TEI_ALL


@pytest.fixture(scope="session")
def tei_all(tei_all_path: Path) -> etree.RelaxNG:
    return etree.RelaxNG(file=os.fspath(tei_all_path))


@pytest.fixture(scope="session")
def project_schemas(repo_root: Path) -> list[tuple[str, etree.RelaxNG]]:
    """The project's own RelaxNG schemas (schemas/*.rng), whichever exist: output must satisfy them too."""
    return [(p.name, etree.RelaxNG(file=os.fspath(p))) for p in sorted((repo_root / "schemas").glob("*.rng"))]


@pytest.fixture(scope="session")
def validators(
    tei_all: etree.RelaxNG, project_schemas: list[tuple[str, etree.RelaxNG]]
) -> list[tuple[str, cf.Validator]]:
    return [("tei_all", cf.relaxng_validator(tei_all))] + [
        (name, cf.relaxng_validator(schema)) for name, schema in project_schemas
    ]


@pytest.fixture(scope="session")
def corpus() -> list[cf.Fixture]:
    return cf.load_corpus()


class EncodedCorpus:
    """Each fixture encoded at most once per session, shared by the table and the per-fixture invariants.

    A fixture whose encoding raises is not cached, so each test that needs it reports the error itself
    instead of one broken fixture erroring the whole session.
    """

    def __init__(self) -> None:
        self._cache: dict[str, bytes] = {}

    def get(self, fixture: cf.Fixture) -> bytes:
        if fixture.stem not in self._cache:
            self._cache[fixture.stem] = cf.encode_fixture(fixture)
        return self._cache[fixture.stem]


@pytest.fixture(scope="session")
def encoded() -> EncodedCorpus:
    return EncodedCorpus()
