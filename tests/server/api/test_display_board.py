"""`GET /branches/{code}/display`: the waiting-room display's board, from the event log, device view only."""

from __future__ import annotations

from tests.server.conftest import BASE


def test_the_board_lists_the_days_latest_calls_newest_first(floor, client):  # type: ignore[no-untyped-def]
    floor.open(1, "teller1")
    tickets = [floor.issue("cash") for _ in range(8)]
    for ticket in tickets[:7]:
        called = floor.call(1, "teller1").json()
        assert called["number"] == ticket["number"]
        floor.act(called["id"], "no-show", "teller1")
    last = floor.call(1, "teller1").json()
    assert floor.act(last["id"], "recall", "teller1").status_code == 200
    board = client.get(f"{BASE}/branches/demo/display", headers=floor.as_("display-1")).json()
    numbers = [call["number"] for call in board["calls"]]
    assert numbers == ["A008", "A008", "A007", "A006", "A005", "A004"]
    assert [call["recall"] for call in board["calls"][:2]] == [True, False]
    assert board["calls"][0]["counter"] == 1 and board["calls"][0]["service_zh"] == "现金业务"
    assert board["as_of_seq"] >= board["calls"][0]["seq"]
    cash = next(row for row in board["services"] if row["code"] == "cash")
    assert cash["waiting"] == 0 and cash["name_en"] == "Cash services"
    assert board["branch"]["code"] == "demo" and "open_now" in board["hours"]
    text = str(board)
    assert "teller1" not in text and "staff" not in text and "actor" not in text


def test_only_accounts_of_the_branch_see_the_board(floor, client):  # type: ignore[no-untyped-def]
    assert client.get(f"{BASE}/branches/demo/display").status_code == 401
    assert client.get(f"{BASE}/branches/demo/display", headers=floor.as_("demo2-display-1")).status_code == 403
    assert client.get(f"{BASE}/branches/demo/display", headers=floor.as_("teller1")).status_code == 200
