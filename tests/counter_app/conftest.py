"""The counter app's fixtures: desks (a teller signed in at a counter of `demo2`) on the session's live server.

The counter tests work at the second demo branch and put back what they open: every desk's counter is
emptied (its ticket finished or marked a no-show) and closed after the test."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import shiboken6

from client import BranchQClient
from counter_app.flows import CounterDesk, CustomerScreen, DeskState, FloorView

BRANCH = "demo2"


@pytest.fixture
def kiosk(live_server) -> Iterator[BranchQClient]:  # type: ignore[no-untyped-def]
    client = BranchQClient(live_server.base_url, language="en")
    client.login(live_server.accounts.second_kiosk, live_server.accounts.password)
    yield client
    client.close()


@pytest.fixture
def desks(qtbot, live_server) -> Iterator[Callable[..., CounterDesk]]:  # type: ignore[no-untyped-def]
    made: list[tuple[CounterDesk, BranchQClient, list[object]]] = []

    def make(teller: str, counter_number: int, *, customer: bool = False, floor: bool = False) -> CounterDesk:
        client = BranchQClient(live_server.base_url, language="en")
        desk = CounterDesk(client, retry_ms=300)
        extras: list[object] = []
        if customer:
            desk.customer = CustomerScreen(desk, thanks_ms=200)  # type: ignore[attr-defined]
            extras.append(desk.customer)  # type: ignore[attr-defined]
        if floor:
            desk.floor = FloorView(desk, reload_ms=50)  # type: ignore[attr-defined]
            extras.append(desk.floor)  # type: ignore[attr-defined]
        made.append((desk, client, extras))
        with qtbot.waitSignal(desk.signed_in, timeout=20_000):
            desk.sign_in(teller, live_server.accounts.password, BRANCH, counter_number)
        return desk

    yield make
    for desk, client, extras in made:
        desk.qt.tasks.wait_for_done(10_000)
        for extra in extras:
            if isinstance(extra, FloorView):
                extra.stop()
        _put_back(client, desk)
        client.close()
        for extra in extras:
            shiboken6.delete(extra)
        shiboken6.delete(desk)


def _put_back(client: BranchQClient, desk: CounterDesk) -> None:
    if desk.counter_id is None or desk.state is DeskState.SIGNED_OUT:
        return
    status = client.counter_status(desk.counter_id)
    ticket = status.get("ticket")
    if ticket and ticket["status"] == "called":
        client.no_show(ticket["id"])
    elif ticket and ticket["status"] == "serving":
        client.finish(ticket["id"])
    if status["state"] != "closed":
        client.close_counter(desk.counter_id)


def settled(desk: CounterDesk) -> Callable[[], bool]:
    return lambda: not desk.busy and desk.qt.tasks.pending == 0
