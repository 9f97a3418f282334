"""The message catalogue against the source: every code raised in server/ is worded in zh-CN, and every
template names only params its raise sites provide. Read from the source, so a new raise without a code or
a translation fails here, not in front of a customer."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import server
from server.domain import errors
from server.domain.enums import (
    AppointmentStatus, Channel, CounterAction, CounterState, Role, TicketAction, TicketStatus,
)
from server.domain.signed_codes import RejectReason
from server.messages import ZH_CN, catalogue, localise, template_fields, terms

SERVER = Path(server.__file__).parent


def _error_class_names() -> set[str]:
    """Every DomainError subclass defined in server/ (imported by the app, so all are loaded)."""
    import server.api.app  # noqa: F401  (loads every module that defines an error)

    found, pending = set(), [errors.DomainError]
    while pending:
        cls = pending.pop()
        found.add(cls.__name__)
        pending.extend(cls.__subclasses__())
    return found


@dataclass(frozen=True)
class RaiseSite:
    where: str
    code: str | None
    params: frozenset[str] | None  # None: params is not a dict literal with constant keys


def _raise_sites() -> Iterator[RaiseSite]:
    names = _error_class_names()
    for path in sorted(SERVER.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            if name not in names:
                continue
            keywords = {keyword.arg: keyword.value for keyword in node.keywords}
            code = keywords.get("code")
            params = keywords.get("params")
            yield RaiseSite(
                where=f"{path.relative_to(SERVER.parent)}:{node.lineno}",
                code=code.value if isinstance(code, ast.Constant) else None,
                params=_dict_keys(params) if params is not None else frozenset(),
            )


def _dict_keys(node: ast.expr) -> frozenset[str] | None:
    if isinstance(node, ast.Dict) and all(isinstance(key, ast.Constant) for key in node.keys):
        return frozenset(key.value for key in node.keys)  # type: ignore[union-attr]
    return None


SITES = list(_raise_sites())


def test_the_catalogue_loads_and_every_entry_has_zh_cn():
    assert len(catalogue()) > 100
    missing = [code for code, entry in catalogue().items() if not entry.get(ZH_CN)]
    assert missing == []


def test_the_source_scan_finds_the_raise_sites():
    assert len(SITES) > 100
    assert any(site.code == "ticket.illegal_transition" for site in SITES)


def test_every_domain_error_raised_in_server_has_a_literal_code():
    assert [site.where for site in SITES if site.code is None] == []


def test_every_code_raised_in_server_is_worded_in_zh_cn():
    missing = sorted({f"{site.code} ({site.where})" for site in SITES if site.code not in catalogue()})
    assert missing == []


def test_every_template_names_only_params_its_raise_sites_give():
    problems = []
    for site in SITES:
        entry = catalogue().get(site.code or "")
        if entry is None:
            continue
        for language, template in entry.items():
            needed = template_fields(template)
            if site.params is None:
                problems.append(f"{site.where}: params of {site.code} must be a dict literal")
            elif not needed <= site.params:
                missing = sorted(needed - site.params)
                problems.append(f"{site.where}: {site.code} [{language}] needs {missing}")
    assert problems == []


def test_every_catalogued_code_is_used_in_server():
    """No dead translations: a code is raised somewhere or named as a literal (the web layer's own)."""
    literals = {
        node.value
        for path in SERVER.rglob("*.py")
        if path.parent.name != "messages"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    unused = sorted(code for code in catalogue() if code not in literals and not code.startswith("http."))
    assert unused == []


@pytest.mark.parametrize("code", sorted(catalogue()))
def test_every_template_formats(code):
    for language, template in catalogue()[code].items():
        params = {name: 1 for name in template_fields(template)}
        worded = localise(code, params, "english", language)
        assert worded != "english" and "{" not in worded


def test_every_vocabulary_a_template_names_exists():
    import string

    specs = {
        spec.partition(":")[2] if spec.startswith("list") else spec
        for entry in catalogue().values()
        for template in entry.values()
        for _, _, spec, _ in string.Formatter().parse(template)
        if spec
    }
    assert {spec for spec in specs if spec and spec != "g"} <= set(terms())


@pytest.mark.parametrize(
    ("vocabulary", "values"),
    [
        ("ticket_status", TicketStatus),
        ("ticket_status_hint", TicketStatus),
        ("ticket_action", TicketAction),
        ("counter_state", CounterState),
        ("counter_action", CounterAction),
        ("appointment_status", AppointmentStatus),
        ("role", Role),
        ("channel", Channel),
        ("scan_reason", RejectReason),
    ],
)
def test_vocabularies_word_every_value_of_their_enum(vocabulary, values):
    assert set(terms()[vocabulary][ZH_CN]) == {value.value for value in values}


@pytest.mark.parametrize(
    ("vocabulary", "function", "position"),
    [("record_kind", "row_by_id", 3), ("record_kind", "_one_of", 3), ("face_activity", "_require_role", 2)],
)
def test_vocabularies_word_every_name_the_services_pass(vocabulary, function, position):
    """`what` names passed as literals ("counter", "enroll faces") have a zh-CN word."""
    names = {
        node.args[position].value
        for path in SERVER.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == function
        and len(node.args) > position and isinstance(node.args[position], ast.Constant)
    }
    assert names and names <= set(terms()[vocabulary][ZH_CN])
