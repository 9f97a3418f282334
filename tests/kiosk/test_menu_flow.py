"""The service menu is live: a ticket taken anywhere moves the waiting count through the server's
`service.summary` events, with no polling; a service nobody serves now is not available, with its reason."""

from __future__ import annotations

from client import BranchQClient
from kiosk.flows import is_available


def test_a_ticket_taken_elsewhere_moves_the_waiting_count(qtbot, session_factory, live_server) -> None:
    session = session_factory()
    qtbot.waitUntil(lambda: session.stream_connected, timeout=10_000)
    before = session.menu.service("account").waiting
    other = BranchQClient(live_server.base_url)
    try:
        other.issue_ticket(live_server.branch, "account", channel="online")
    finally:
        other.close()
    qtbot.waitUntil(lambda: session.menu.service("account").waiting == before + 1, timeout=10_000)


def test_services_by_category_and_their_state(session_factory) -> None:
    session = session_factory()
    menu = session.menu
    categories = menu.categories()
    assert len(categories) >= 2 and all(category.get("name_zh") and category.get("name_en") for category in categories)
    listed = [service.code for category in categories for service in menu.services_in(str(category["code"]))]
    assert sorted(listed) == sorted(service.code for service in menu.services.services)
    assert is_available(menu.service("cash"))  # counters 1 and 2 are open (the fixture)
    loans = menu.service("loans")  # served at counter 5 only, which is closed
    assert not is_available(loans) and loans.state == "no_counter_open"
