"""The teller's desk against the live server: calling, recalling, transferring, pausing, restoring."""

from __future__ import annotations

from counter_app.flows import Action, DeskState, Why
from tests.counter_app.conftest import BRANCH, settled

WAIT_MS = 15_000


def _do(qtbot, desk, action, *args, **kwargs):  # type: ignore[no-untyped-def]
    getattr(desk, action)(*args, **kwargs)
    qtbot.waitUntil(settled(desk), timeout=WAIT_MS)


def _drain(qtbot, desk) -> None:  # type: ignore[no-untyped-def]
    """Tickets other tests left waiting for this counter's services are called and marked no-shows."""
    refused: list[str] = []
    desk.refused.connect(refused.append)
    while not refused:
        _do(qtbot, desk, "call_next")
        if desk.state is DeskState.CALLED:
            _do(qtbot, desk, "no_show")
    desk.refused.disconnect(refused.append)


def test_two_tellers_call_interleaved_tickets_each_their_own(qtbot, desks, kiosk):  # type: ignore[no-untyped-def]
    first, second = desks("demo2-teller1", 1), desks("demo2-teller2", 2)
    _drain(qtbot, first)
    _drain(qtbot, second)
    issued = [kiosk.issue_ticket(BRANCH, "cash").number for _ in range(4)]
    called = []
    for desk in (first, second, first, second):
        if desk.state is DeskState.CALLED:
            _do(qtbot, desk, "start")
            _do(qtbot, desk, "finish")
        assert desk.legal(Action.CALL_NEXT).allowed
        _do(qtbot, desk, "call_next")
        assert desk.state is DeskState.CALLED and desk.ticket is not None
        called.append(desk.ticket.number)
    assert called == issued  # one line, first come first served, never the same ticket twice
    assert not first.legal(Action.CALL_NEXT).allowed and first.legal(Action.CALL_NEXT).why is Why.NOT_IDLE


def test_recall_up_to_the_limit_then_no_show(qtbot, desks, kiosk):  # type: ignore[no-untyped-def]
    desk = desks("demo2-teller1", 1)
    _drain(qtbot, desk)
    number = kiosk.issue_ticket(BRANCH, "account").number
    _do(qtbot, desk, "call_next")
    assert desk.ticket.number == number and desk.max_recalls == 2
    for count in (1, 2):
        _do(qtbot, desk, "recall")
        assert desk.ticket.recall_count == count
    assert desk.legal(Action.RECALL) .why is Why.RECALL_LIMIT
    assert desk.legal(Action.FINISH).why is Why.NOT_SERVING
    _do(qtbot, desk, "no_show")
    assert desk.state is DeskState.IDLE and desk.ticket is None


def test_a_transfer_with_a_note_reaches_the_other_counter(qtbot, desks, kiosk):  # type: ignore[no-untyped-def]
    first, second = desks("demo2-teller1", 1), desks("demo2-teller2", 2)
    _drain(qtbot, first)
    _drain(qtbot, second)
    number = kiosk.issue_ticket(BRANCH, "account").number
    _do(qtbot, first, "call_next")
    _do(qtbot, first, "start")
    _do(qtbot, first, "transfer", service="fx", counter_id=second.counter_id, note="客户还需购汇")
    assert first.state is DeskState.IDLE
    _do(qtbot, second, "call_next")
    assert second.ticket.number == number and second.ticket.service.code == "fx"
    assert any("客户还需购汇" in note for note in second.ticket.raw["notes"])


def test_pause_with_a_reason_and_resume(qtbot, desks):  # type: ignore[no-untyped-def]
    desk = desks("demo2-teller2", 2)
    _drain(qtbot, desk)
    _do(qtbot, desk, "pause", "lunch")
    assert desk.state is DeskState.PAUSED and desk.pause_reason == "lunch"
    assert desk.legal(Action.CALL_NEXT).why is Why.PAUSED
    status = desk.client.counter_status(desk.counter_id)
    assert status["state"] == "paused" and status["pause_reason"] == "lunch"
    _do(qtbot, desk, "resume")
    assert desk.state is DeskState.IDLE and desk.pause_reason is None
    assert desk.client.my_day()["pauses"]["lunch"]["count"] >= 1


def test_an_illegal_action_is_explained_not_crashed_on(qtbot, desks, kiosk):  # type: ignore[no-untyped-def]
    first, second = desks("demo2-teller1", 1), desks("demo2-teller2", 2)
    _drain(qtbot, first)
    kiosk.issue_ticket(BRANCH, "account")
    _do(qtbot, first, "call_next")
    second.ticket = first.ticket  # as if the teller's screen still showed a ticket another counter took
    second.state = DeskState.CALLED
    with qtbot.waitSignal(second.refused, timeout=WAIT_MS) as refused:
        second.no_show()
    assert "counter" in refused.args[0]
    qtbot.waitUntil(lambda: second.state is DeskState.IDLE and second.ticket is None, timeout=WAIT_MS)


def test_the_server_restarts_mid_service_and_the_desk_comes_back_with_its_ticket(  # type: ignore[no-untyped-def]
    qtbot, desks, kiosk, live_server,
):
    desk = desks("demo2-teller1", 1)
    _drain(qtbot, desk)
    number = kiosk.issue_ticket(BRANCH, "account").number
    _do(qtbot, desk, "call_next")
    _do(qtbot, desk, "start")
    with live_server.down():
        desk.restore()
        qtbot.waitUntil(lambda: not desk.online, timeout=WAIT_MS)
        assert not desk.legal(Action.FINISH).allowed and desk.legal(Action.FINISH).why is Why.OFFLINE
    qtbot.waitUntil(lambda: desk.online and not desk.busy, timeout=30_000)
    assert desk.state is DeskState.SERVING and desk.ticket.number == number
    _do(qtbot, desk, "finish", "needs_follow_up")
    assert desk.state is DeskState.IDLE


def test_a_chosen_ticket_is_refused_unless_the_branch_allows_it(qtbot, desks, kiosk, live_server):  # type: ignore[no-untyped-def]
    from client import BranchQClient

    desk = desks("demo2-teller1", 1)
    _drain(qtbot, desk)
    first, second = kiosk.issue_ticket(BRANCH, "account"), kiosk.issue_ticket(BRANCH, "account")
    with qtbot.waitSignal(desk.refused, timeout=WAIT_MS) as refused:
        desk.call_chosen(second.id, "elderly customer")
    assert "policy" in refused.args[0] and desk.state is DeskState.IDLE
    admin = BranchQClient(live_server.base_url, language="en")
    admin.login("demo2-admin", live_server.accounts.password)
    try:
        admin.request("PATCH", f"/admin/branches/{BRANCH}", json={"allow_call_specific": True})
        _do(qtbot, desk, "restore")
        assert desk.allow_call_specific
        _do(qtbot, desk, "call_chosen", second.id, "elderly customer")
        assert desk.ticket.number == second.number
        assert desk.ticket.raw["call_facts"] == {"chosen_by": "demo2-teller1", "why": "elderly customer"}
    finally:
        admin.request("PATCH", f"/admin/branches/{BRANCH}", json={"allow_call_specific": False})
        admin.close()
    _do(qtbot, desk, "no_show")
    _do(qtbot, desk, "call_next")
    assert desk.ticket.number == first.number
