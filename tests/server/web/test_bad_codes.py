"""A code that is not a valid ticket's leads to a page that says so, in the customer's language: never JSON."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from server.domain.signed_codes import CodeKind, sign_code
from server.services.codes import derive_code_key
from tests.server.web.conftest import PHONE
from tests.support.live_server import SECRET_KEY


def _expired_code() -> str:
    return sign_code(CodeKind.TICKET, "tnosuchticket", datetime.now(UTC) - timedelta(hours=1), derive_code_key(SECRET_KEY))


def _forged_code() -> str:
    return sign_code(CodeKind.TICKET, "tnosuchticket", datetime.now(UTC) + timedelta(days=1), derive_code_key("x" * 40))


@pytest.mark.parametrize(
    ("code", "status", "zh", "en"),
    [
        (_expired_code(), 422, "已过期", "has expired"),
        (_forged_code(), 422, "不是本行发出的", "not issued by this bank"),
        ("hello-world", 404, "找不到这个号", "could not find this ticket"),
        ("BQ1.T.garbage", 422, "不是本行号票上的二维码", "not the QR code of one of our tickets"),
    ],
    ids=["expired", "forged", "unknown", "malformed"],
)
def test_a_bad_code_gets_a_clear_page(visit, code, status, zh, en):  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    for language, words in (("zh-CN", zh), ("en", en)):
        page = visit(PHONE, language).page()
        answer = page.goto(f"/t/{code}")
        assert answer.status == status
        assert answer.headers["content-type"].startswith("text/html")
        expect(page.get_by_role("alert")).to_contain_text(words)
        expect(page.get_by_role("link", name=("返回首页" if language == "zh-CN" else "Home page"))).to_be_visible()
