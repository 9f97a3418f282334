"""`BranchQClient` against the live demo server: login, the kiosk's calls, the counter's calls, and every
kind of failure mapped to an error that words itself in the user's language."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator

import pytest

from client import (
    ApiError, BranchQClient, BranchServices, RequestTimedOut, ServerUnreachable, Ticket, UnexpectedAnswer,
)
from tests.support.live_server import free_port


def test_a_kiosk_logs_in_with_its_device_account(kiosk: BranchQClient) -> None:
    assert kiosk.logged_in
    assert kiosk.login_info is not None
    assert kiosk.login_info.role == "kiosk"
    assert len(kiosk.login_info.branches) == 1


def test_the_services_list_names_the_branch_and_its_services_in_both_languages(kiosk: BranchQClient) -> None:
    offer = kiosk.services("demo")

    assert isinstance(offer, BranchServices)
    assert offer.branch.name("zh-CN") == "演示银行 城东支行"
    assert offer.branch.name("en") == "Demo Bank, East City Branch"
    assert offer.hours is not None and offer.hours.open_now
    cash = offer.service("cash")
    assert cash is not None
    assert (cash.name("zh-CN"), cash.name("en"), cash.prefix) == ("现金业务", "Cash services", "A")
    assert "身份证" in cash.documents("zh-CN") and "ID card" in cash.documents("en")
    assert {service.code for service in offer.services} >= {"cash", "account", "wealth", "loans", "corporate", "fx"}


def test_results_keep_what_a_newer_server_adds() -> None:
    answer = {
        "branch": {"code": "x", "name_zh": "某行", "name_en": "Some bank", "floor_plan": "later"},
        "services": [{"code": "cash", "name_zh": "现金", "name_en": "Cash", "state": "before_opening",
                      "state_reason": "opens at 09:00", "opens_at": "2026-12-02T09:00:00+08:00", "category": "daily",
                      "zones": [{"zh": "一楼", "en": "Floor 1"}], "queue_colour": "green"}],
        "categories": [{"code": "daily"}],
        "face_check_in": {"enabled": True, "enrolled": 3},
    }
    offer = BranchServices.from_json(answer)

    cash = offer.services[0]
    assert (cash.state, cash.state_reason, cash.category, cash.zones[0]["en"]) == (
        "before_opening", "opens at 09:00", "daily", "Floor 1"
    )
    assert offer.face_check_in == {"enabled": True, "enrolled": 3}
    assert cash.raw["queue_colour"] == "green" and offer.branch.raw["floor_plan"] == "later"
    assert offer.hours is None and offer.categories[0]["code"] == "daily"


def test_an_answer_without_what_a_result_needs_is_unexpected() -> None:
    with pytest.raises(UnexpectedAnswer):
        Ticket.from_json({"status": "waiting"})


def test_an_issued_ticket_carries_what_the_kiosk_prints_and_its_status_can_be_followed(kiosk: BranchQClient) -> None:
    ticket = kiosk.issue_ticket("demo", "account")

    assert ticket.number.startswith("B") and ticket.status == "waiting" and ticket.channel == "kiosk"
    assert ticket.service.code == "account"
    assert ticket.token and ticket.qr_code and ticket.status_url
    followed = kiosk.ticket_status(ticket.qr_code)
    assert (followed.number, followed.status) == (ticket.number, "waiting")
    assert "身份证" in followed.documents("zh-CN")


@pytest.mark.parametrize(
    ("language", "wording"),
    [("zh-CN", "网点“demo”没有“nope”业务。"), ("en", "branch 'demo' has no service 'nope'")],
)
def test_a_refusal_is_worded_by_the_server_in_the_clients_language(connect, language: str, wording: str) -> None:  # type: ignore[no-untyped-def]
    kiosk = connect("kiosk-1", language=language)

    with pytest.raises(ApiError) as refused:
        kiosk.issue_ticket("demo", "nope")

    error = refused.value
    assert (error.status, error.code, error.field) == (422, "service.not_in_branch", "service")
    assert dict(error.params) == {"branch": "demo", "service": "nope"}
    assert error.message(language) == wording


def test_an_unknown_booking_code_is_refused_with_its_code(kiosk: BranchQClient) -> None:
    with pytest.raises(ApiError) as refused:
        kiosk.check_in("demo", "ZZZZZZ")

    assert refused.value.code == "appointment.not_at_branch"


def test_a_wrong_password_is_refused(connect) -> None:  # type: ignore[no-untyped-def]
    client = connect()

    with pytest.raises(ApiError) as refused:
        client.login("no-such-account", "wrong password")

    assert (refused.value.status, refused.value.code) == (401, "auth.wrong_credentials")
    assert not client.logged_in


def test_a_token_the_server_no_longer_accepts_leads_to_one_new_login(kiosk: BranchQClient) -> None:
    kiosk._token = "expired.or.forged"  # what the client holds when its token has lapsed

    ticket = kiosk.issue_ticket("demo", "cash")

    assert ticket.status == "waiting"
    assert kiosk._token != "expired.or.forged"


def test_calls_before_login_log_in_once_the_server_answers(live_server) -> None:  # type: ignore[no-untyped-def]
    with BranchQClient(live_server.base_url) as client:
        with live_server.down():
            with pytest.raises(ServerUnreachable):
                client.login("kiosk-1", live_server.accounts.password)
        assert not client.logged_in

        assert client.issue_ticket("demo", "cash").status == "waiting"
        assert client.logged_in


@pytest.mark.parametrize(
    ("language", "wording"),
    [("zh-CN", "暂时无法连接服务器，请稍候，系统正在自动重试。"),
     ("en", "The server cannot be reached right now. Please wait: we keep trying.")],
)
def test_no_server_at_the_address_is_unreachable_in_words(language: str, wording: str) -> None:
    with BranchQClient(f"http://127.0.0.1:{free_port()}", language=language, retry_delay_s=0) as client:
        with pytest.raises(ServerUnreachable) as failed:
            client.services("demo")

    assert not isinstance(failed.value, RequestTimedOut)
    assert failed.value.message(language) == wording


class _ProxyErrorPage(http.server.BaseHTTPRequestHandler):
    """What a misconfigured proxy in front of the server answers: an HTML page."""

    def do_GET(self) -> None:  # noqa: N802 - the standard library's name
        body = b"<html><body>502 Bad Gateway</body></html>"
        self.send_response(502)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def proxy_error_page() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _ProxyErrorPage)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    ("language", "wording"),
    [("zh-CN", "服务器返回了无法识别的结果（502），请稍后再试或联系工作人员。"),
     ("en", "The server gave an answer we cannot read (502). Please try again later or ask our staff.")],
)
def test_an_answer_that_is_not_the_servers_is_unexpected_in_words(
    proxy_error_page: str, language: str, wording: str,
) -> None:
    with BranchQClient(proxy_error_page, language=language) as client:
        with pytest.raises(UnexpectedAnswer) as failed:
            client.services("demo")

    assert failed.value.status == 502
    assert failed.value.message(language) == wording


def test_a_teller_opens_calls_serves_and_closes(connect) -> None:  # type: ignore[no-untyped-def]
    kiosk = connect("demo2-kiosk-1")
    teller = connect("demo2-teller1")
    counter_id = next(c["counter_id"] for c in teller.live_queue("demo2")["counters"] if c["number"] == 2)
    mine = kiosk.issue_ticket("demo2", "fx")

    assert teller.open_counter(counter_id).state == "open"
    try:
        called = teller.call_next(counter_id)
        while called is not None and called.number != mine.number:  # tickets older tests left behind
            teller.no_show(called.id)
            called = teller.call_next(counter_id)
        assert called is not None and called.status == "called"
        assert called.counter is not None and called.counter.number == 2
        assert teller.recall(called.id).recall_count == 1
        assert teller.start_service(called.id).status == "serving"
        assert teller.finish(called.id).status == "done"
    finally:
        assert teller.close_counter(counter_id).state == "closed"


def test_a_teller_transfers_a_ticket_and_pauses_the_counter(connect) -> None:  # type: ignore[no-untyped-def]
    kiosk = connect("demo2-kiosk-1")
    teller = connect("demo2-teller2")
    counter_id = next(c["counter_id"] for c in teller.live_queue("demo2")["counters"] if c["number"] == 1)
    mine = kiosk.issue_ticket("demo2", "account")

    teller.open_counter(counter_id)
    try:
        called = teller.call_next(counter_id)
        while called is not None and called.number != mine.number:
            teller.no_show(called.id)
            called = teller.call_next(counter_id)
        assert called is not None
        moved = teller.transfer(called.id, service="cash", note="换现金业务")
        assert (moved.status, moved.service.code) == ("waiting", "cash")
        assert teller.pause_counter(counter_id).state == "paused"
        assert teller.resume_counter(counter_id).state == "open"
    finally:
        teller.close_counter(counter_id)
