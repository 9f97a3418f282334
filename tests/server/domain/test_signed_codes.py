"""Signed QR codes: forged, altered, expired or misplaced ones are refused with reasons."""

import ast
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.domain import signed_codes
from server.domain.signed_codes import (
    CodeKind,
    CodeRejected,
    RejectReason,
    code_from_scan,
    sign_code,
    verify_code,
)

KEY = b"k" * 32
NOW = datetime(2026, 11, 29, 9, 30, tzinfo=UTC)
LATER = NOW + timedelta(hours=10)


def _reason(payload: str, **kwargs) -> RejectReason:
    with pytest.raises(CodeRejected) as caught:
        verify_code(payload, kwargs.pop("key", KEY), kwargs.pop("now", NOW), **kwargs)
    assert caught.value.advice
    return caught.value.reason


def test_a_signed_ticket_code_verifies_and_gives_back_its_content():
    payload = sign_code(CodeKind.TICKET, "t-8f3a2c", LATER, KEY)
    code = verify_code(payload, KEY, NOW, expected_kind=CodeKind.TICKET)
    assert (code.kind, code.subject, code.expires_at) == (CodeKind.TICKET, "t-8f3a2c", LATER)


def test_codes_are_short_plain_ascii_with_version_and_kind_letter():
    payload = sign_code(CodeKind.APPOINTMENT, "ap12345678", LATER, KEY)
    assert payload.startswith("BQ1.A.ap12345678.")
    assert payload.isascii() and len(payload) <= 50


@pytest.mark.parametrize("position", range(len(sign_code(CodeKind.TICKET, "t1", LATER, KEY))))
def test_changing_any_single_character_is_refused(position):
    payload = sign_code(CodeKind.TICKET, "t1", LATER, KEY)
    replacement = "Z" if payload[position] != "Z" else "Y"
    altered = payload[:position] + replacement + payload[position + 1 :]
    assert _reason(altered) in set(RejectReason) - {RejectReason.EXPIRED}


def test_a_code_signed_with_another_key_is_a_bad_signature():
    forged = sign_code(CodeKind.TICKET, "t1", LATER, b"attacker-key-0123456789")
    assert _reason(forged) is RejectReason.BAD_SIGNATURE


def test_a_changed_subject_with_the_old_signature_is_a_bad_signature():
    payload = sign_code(CodeKind.TICKET, "t1", LATER, KEY)
    assert _reason(payload.replace(".t1.", ".t2.")) is RejectReason.BAD_SIGNATURE


def test_an_extended_expiry_is_a_bad_signature():
    payload = sign_code(CodeKind.TICKET, "t1", NOW + timedelta(seconds=1), KEY)
    version, kind, subject, _, signature = payload.split(".")
    assert _reason(f"{version}.{kind}.{subject}.zzzzzz.{signature}") is RejectReason.BAD_SIGNATURE


def test_expiry_is_exclusive_at_the_exact_second():
    payload = sign_code(CodeKind.TICKET, "t1", LATER, KEY)
    verify_code(payload, KEY, LATER - timedelta(seconds=1))
    assert _reason(payload, now=LATER) is RejectReason.EXPIRED


def test_an_appointment_code_shown_where_a_ticket_is_expected_is_the_wrong_kind():
    payload = sign_code(CodeKind.APPOINTMENT, "ap1", LATER, KEY)
    assert _reason(payload, expected_kind=CodeKind.TICKET) is RejectReason.WRONG_KIND


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        ("", RejectReason.MALFORMED),
        ("https://example.com", RejectReason.MALFORMED),
        ("XX1.T.t1.abc.AAAAAAAAAAAAAAAA", RejectReason.MALFORMED),
        ("BQ2.T.t1.abc.AAAAAAAAAAAAAAAA", RejectReason.UNKNOWN_VERSION),
        ("BQ1.Q.t1.abc.AAAAAAAAAAAAAAAA", RejectReason.MALFORMED),
        ("BQ1.T.t 1.abc.AAAAAAAAAAAAAAAA", RejectReason.MALFORMED),
        ("BQ1.T.t1.ABC.AAAAAAAAAAAAAAAA", RejectReason.MALFORMED),
        ("BQ1.T.t1.abc.short", RejectReason.MALFORMED),
        ("BQ1.T.t1.abc.AAAAAAAAAAAAAAAA", RejectReason.BAD_SIGNATURE),
    ],
)
def test_malformed_and_unknown_codes_get_their_reason(payload, reason):
    assert _reason(payload) is reason


def test_weak_keys_and_naive_times_are_programming_errors_not_rejections():
    with pytest.raises(ValueError, match="at least 16"):
        sign_code(CodeKind.TICKET, "t1", LATER, b"short")
    with pytest.raises(ValueError, match="timezone-aware"):
        sign_code(CodeKind.TICKET, "t1", LATER.replace(tzinfo=None), KEY)
    with pytest.raises(ValueError, match="subject"):
        sign_code(CodeKind.TICKET, "has.dot", LATER, KEY)


def test_the_code_is_found_inside_a_scanned_status_url():
    payload = sign_code(CodeKind.TICKET, "t1", LATER, KEY)
    assert code_from_scan(f"https://bank.example/t/{payload}\n") == payload
    assert code_from_scan(f" {payload} ") == payload


@given(
    subject=st.from_regex(r"[A-Za-z0-9_-]{1,40}", fullmatch=True),
    seconds=st.integers(min_value=1, max_value=10**9),
    kind=st.sampled_from(list(CodeKind)),
)
def test_every_valid_subject_and_expiry_round_trips(subject, seconds, kind):
    expires_at = NOW + timedelta(seconds=seconds)
    code = verify_code(sign_code(kind, subject, expires_at, KEY), KEY, NOW)
    assert (code.kind, code.subject, code.expires_at) == (kind, subject, expires_at)


def test_the_module_imports_only_the_standard_library():
    tree = ast.parse(Path(signed_codes.__file__).read_text(encoding="utf-8"))
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    imported |= {
        node.module.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0
    }
    assert imported <= {"__future__", "base64", "hashlib", "hmac", "re", "dataclasses", "datetime", "enum"}
