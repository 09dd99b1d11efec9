"""Render validation results as compiler-style text, JSON, or JUnit XML for CI dashboards."""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from .engine import FileResult


def _where(r: FileResult, line: int, column: int) -> str:
    if line:
        return f"{r.path}:{line}:{column or 1}"
    return r.path


def render_text(results: Sequence[FileResult]) -> str:
    """One ``file:line:col: error: message`` line per problem; files that could not be read are left to the
    command, which reports them on standard error as ``tei-encoder: error: FILE: reason`` (exit 2)."""
    lines: list[str] = []
    for r in results:
        if r.io_error:
            continue
        for p in r.problems:
            lines.append(f"{_where(r, p.line, p.column)}: error: {p.message}")
    return "\n".join(lines) + ("\n" if lines else "")


def summary(results: Sequence[FileResult], schema: str, seconds: float) -> str:
    invalid = sum(1 for r in results if not r.valid and not r.io_error)
    unreadable = sum(1 for r in results if r.io_error)
    valid = len(results) - invalid - unreadable
    parts = [f"{len(results)} file{'s' if len(results) != 1 else ''} checked against {schema}: {valid} valid",
             f"{invalid} invalid"]
    if unreadable:
        parts.append(f"{unreadable} unreadable")
    return ", ".join(parts) + f" ({seconds:.2f} s)"


def render_json(results: Sequence[FileResult], schema: str, seconds: float) -> str:
    import json

    doc = {
        "schema": schema,
        "seconds": round(seconds, 4),
        "valid": all(r.valid for r in results),
        "files": [
            {"path": r.path, "valid": r.valid, "io_error": r.io_error,
             "errors": [p.as_dict() for p in r.problems]}
            for r in results
        ],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def render_junit(results: Sequence[FileResult], schema: str, seconds: float) -> str:
    """One testsuite, one testcase per file; invalid files fail, unreadable files are errors."""
    failures = sum(1 for r in results if not r.valid and not r.io_error)
    errors = sum(1 for r in results if r.io_error)
    suites = etree.Element("testsuites", name="tei-encoder validate", tests=str(len(results)),
                           failures=str(failures), errors=str(errors), time=f"{seconds:.3f}")
    suite = etree.SubElement(suites, "testsuite", name=f"tei-encoder validate ({schema})",
                             tests=str(len(results)), failures=str(failures), errors=str(errors),
                             skipped="0", time=f"{seconds:.3f}")
    for r in results:
        case = etree.SubElement(suite, "testcase", classname="tei-encoder.validate", name=r.path,
                                file=r.path, time=f"{r.seconds:.4f}")
        if r.valid:
            continue
        first = r.problems[0] if r.problems else None
        body = "\n".join(f"{_where(r, p.line, p.column)}: error: {p.message}" for p in r.problems)
        tag = "error" if r.io_error else "failure"
        node = etree.SubElement(case, tag, type="io" if r.io_error else "invalid",
                                message=(first.message if first else "invalid"))
        node.text = body
    out: bytes = etree.tostring(suites, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return out.decode("utf-8")
