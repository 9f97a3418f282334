"""The customer screen's rating and the floor at a glance, against the live server."""

from __future__ import annotations

from client import BranchQClient
from counter_app.flows import DeskState, Screen
from tests.counter_app.conftest import BRANCH
from tests.counter_app.test_desk import WAIT_MS, _do, _drain


def test_a_rating_on_the_customer_screen_is_stored_and_counted(qtbot, desks, kiosk, live_server):  # type: ignore[no-untyped-def]
    desk = desks("demo2-teller2", 2, customer=True)
    screen = desk.customer
    qtbot.waitUntil(lambda: len(screen.reasons) > 0, timeout=WAIT_MS)
    _drain(qtbot, desk)
    number = kiosk.issue_ticket(BRANCH, "fx").number
    _do(qtbot, desk, "call_next")
    assert screen.screen is Screen.CALLED and screen.ticket.number == number
    _do(qtbot, desk, "start")
    before = desk.client.my_day()["ratings"]["count"]
    _do(qtbot, desk, "finish")
    assert screen.screen is Screen.RATING
    screen.submit()
    assert screen.screen is Screen.RATING  # no stars, nothing sent
    screen.tap_score(4)
    screen.toggle_reason("staff_friendly")
    screen.set_comment("很耐心")
    with qtbot.waitSignal(screen.rated, timeout=WAIT_MS) as rated:
        screen.submit()
    assert screen.screen is Screen.THANKS
    assert rated.args[0]["score"] == 4 and list(rated.args[0]["reasons"]) == ["staff_friendly"]
    qtbot.waitUntil(lambda: screen.screen is Screen.NAME_CARD, timeout=WAIT_MS)

    assert desk.client.my_day()["ratings"]["count"] == before + 1
    manager = BranchQClient(live_server.base_url, language="en")
    try:
        manager.login("demo2-manager", live_server.accounts.password)
        stats = manager.get(f"/branches/{BRANCH}/stats")
        assert stats["ratings"]["by_counter"]["2"]["count"] >= 1
    finally:
        manager.close()


def test_the_floor_shows_lines_counters_and_my_day_live(qtbot, desks, kiosk):  # type: ignore[no-untyped-def]
    desk = desks("demo2-teller1", 1, floor=True)
    floor = desk.floor
    _drain(qtbot, desk)
    qtbot.waitUntil(lambda: bool(floor.counters), timeout=WAIT_MS)
    waiting_before = next(line.waiting for line in floor.lines if line.code == "account")
    with qtbot.waitSignal(floor.arrived_while_idle, timeout=WAIT_MS):
        kiosk.issue_ticket(BRANCH, "account")
    qtbot.waitUntil(
        lambda: next(line.waiting for line in floor.lines if line.code == "account") == waiting_before + 1,
        timeout=WAIT_MS,
    )
    mine = next(row for row in floor.counters if row.number == 1)
    assert mine.state == "open"
    served = floor.my_day["served"]
    _do(qtbot, desk, "call_next")
    _do(qtbot, desk, "start")
    _do(qtbot, desk, "finish")
    assert desk.state is DeskState.IDLE
    qtbot.waitUntil(lambda: floor.my_day["served"] == served + 1, timeout=WAIT_MS)


def test_the_floor_reloads_when_the_server_asks_for_a_resync(qtbot, desks):  # type: ignore[no-untyped-def]
    desk = desks("demo2-teller1", 1, floor=True)
    floor = desk.floor
    _drain(qtbot, desk)
    qtbot.waitUntil(lambda: bool(floor.counters), timeout=WAIT_MS)
    qtbot.wait(1_000)  # the reloads the draining's events asked for are done
    with qtbot.waitSignal(floor.changed, timeout=WAIT_MS):
        floor.bridge.on_resync()  # as the stream's thread calls it when the server's log is behind our seq
