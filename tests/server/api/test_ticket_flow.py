"""A customer's ticket from issue to rating, through the API as the kiosk and counter app use it."""

from tests.server.conftest import BASE


def test_a_ticket_goes_from_issue_to_done_and_is_rated_once(floor, client, clock):
    floor.open(1, "teller1")
    issued = floor.issue("cash")
    assert issued["number"] == "A001" and issued["status"] == "waiting"
    assert issued["position"] == 0 and issued["estimated_wait_s"] == 0
    assert set(issued) >= {"id", "number", "token", "service", "position", "estimated_wait_s", "issued_at"}

    clock.advance(minutes=3)
    called = floor.call(1, "teller1")
    assert called.status_code == 200 and called.json()["number"] == "A001"
    assert called.json()["counter"]["number"] == 1 and called.json()["call_reason"]
    assert floor.act(issued["id"], "start", "teller1").json()["status"] == "serving"
    clock.advance(minutes=4)
    assert floor.act(issued["id"], "finish", "teller1").json()["status"] == "done"

    status = client.get(f"{BASE}/tickets/{issued['token']}").json()
    assert status["status"] == "done" and status["can_rate"] is True
    rating = client.post(f"{BASE}/tickets/{issued['token']}/rating", json={"score": 5, "comment": "很好"})
    assert rating.status_code == 201 and rating.json()["score"] == 5
    again = client.post(f"{BASE}/tickets/{issued['token']}/rating", json={"score": 1})
    assert again.status_code == 409 and "already been rated" in again.json()["detail"]
    assert client.get(f"{BASE}/tickets/{issued['token']}").json()["can_rate"] is False


def test_numbers_count_per_service_and_estimates_grow_with_the_line(floor):
    floor.open(1, "teller1")
    cash = [floor.issue("cash") for _ in range(3)]
    fx = floor.issue("fx")
    assert [t["number"] for t in cash] == ["A001", "A002", "A003"]
    assert fx["number"] == "F001"
    assert [t["position"] for t in cash] == [0, 1, 2]
    assert cash[2]["estimated_wait_s"] > cash[1]["estimated_wait_s"] > 0


def test_numbering_restarts_on_the_next_business_day(floor, clock):
    assert floor.issue("cash")["number"] == "A001"
    assert floor.issue("cash")["number"] == "A002"
    clock.advance(days=1)
    assert floor.issue("cash")["number"] == "A001"


def test_public_status_shows_no_personal_or_internal_data(floor, client):
    issued = floor.issue("loans")
    status = client.get(f"{BASE}/tickets/{issued['token']}").json()
    assert status["number"] == "D001" and status["status"] == "waiting"
    assert status["documents_zh"] and status["documents_en"]
    assert not {"id", "token", "customer_id", "staff_id", "notes", "call_reason"} & set(status)
    assert client.get(f"{BASE}/tickets/tUnknownToken123").status_code == 404


def test_priority_customers_are_called_first_by_the_baseline(floor):
    floor.open(1, "teller1")
    regular = floor.issue("cash")
    needs = floor.issue("cash", priority="priority_needs")
    called = floor.call(1, "teller1").json()
    assert called["id"] == needs["id"] and called["priority"] == "priority_needs"
    floor.act(needs["id"], "start", "teller1")
    floor.act(needs["id"], "finish", "teller1")
    assert floor.call(1, "teller1").json()["id"] == regular["id"]


def test_call_next_answers_204_when_nobody_the_counter_serves_waits(floor):
    floor.open(5, "teller5")  # loans and wealth only
    floor.issue("cash")
    response = floor.call(5, "teller5")
    assert response.status_code == 204 and response.content == b""


def test_a_counter_must_finish_its_ticket_before_calling_the_next(floor):
    floor.open(1, "teller1")
    floor.issue("cash")
    floor.issue("cash")
    first = floor.call(1, "teller1").json()
    refused = floor.call(1, "teller1")
    assert refused.status_code == 409
    assert first["number"] in refused.json()["detail"]


def test_recall_is_limited_then_the_ticket_becomes_a_no_show(floor):
    floor.open(1, "teller1")
    ticket = floor.issue("cash")
    floor.call(1, "teller1")
    assert floor.act(ticket["id"], "recall", "teller1").json()["recall_count"] == 1
    assert floor.act(ticket["id"], "recall", "teller1").json()["recall_count"] == 2
    third = floor.act(ticket["id"], "recall", "teller1")
    assert third.status_code == 409 and "no-show" in third.json()["detail"]
    assert floor.act(ticket["id"], "no-show", "teller1").json()["status"] == "no_show"
    assert floor.call(1, "teller1").status_code == 204


def test_transfer_keeps_the_arrival_time_and_adds_a_note(floor, clock):
    floor.open(2, "teller2")  # cash, account
    floor.open(4, "teller4")  # wealth, account
    ticket = floor.issue("cash")
    clock.advance(minutes=10)
    later = floor.issue("wealth")
    floor.call(2, "teller2")
    floor.act(ticket["id"], "start", "teller2")
    moved = floor.act(ticket["id"], "transfer", "teller2", service="wealth", note="wants a fund")
    assert moved.status_code == 200, moved.text
    body = moved.json()
    assert body["status"] == "waiting" and body["service"]["code"] == "wealth"
    assert body["arrived_at"] == ticket["arrived_at"] and body["transfer_count"] == 1
    assert "transferred from cash at counter 2 to wealth: wants a fund" in body["notes"]
    # it arrived before the wealth customer, so it is called first
    assert floor.call(4, "teller4").json()["id"] == ticket["id"]
    assert later["id"] != ticket["id"]


def test_transfer_to_a_counter_reserves_the_ticket_for_it(floor):
    floor.open(1, "teller1")
    floor.open(2, "teller2")
    ticket = floor.issue("cash")
    floor.call(1, "teller1")
    moved = floor.act(ticket["id"], "transfer", "teller1", counter_id=2)
    assert moved.json()["target_counter_id"] == 2
    assert floor.call(1, "teller1").status_code == 204
    assert floor.call(2, "teller2").json()["id"] == ticket["id"]


def test_transfer_needs_a_destination_that_serves_it(floor):
    floor.open(1, "teller1")
    ticket = floor.issue("cash")
    floor.call(1, "teller1")
    nowhere = floor.act(ticket["id"], "transfer", "teller1")
    assert nowhere.status_code == 422 and nowhere.json()["field"] == "service"
    wrong = floor.act(ticket["id"], "transfer", "teller1", counter_id=5)
    assert wrong.status_code == 422 and wrong.json()["field"] == "counter_id"
    unknown = floor.act(ticket["id"], "transfer", "teller1", service="mortgage")
    assert unknown.status_code == 422 and "mortgage" in unknown.json()["detail"]


def test_customer_cancels_by_token_and_the_line_moves_up(floor, client):
    floor.open(1, "teller1")
    first = floor.issue("cash")
    second = floor.issue("cash")
    cancelled = client.post(f"{BASE}/tickets/{first['token']}/cancel")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert client.get(f"{BASE}/tickets/{second['token']}").json()["position"] == 0
    again = client.post(f"{BASE}/tickets/{first['token']}/cancel")
    assert again.status_code == 409


def test_online_tickets_need_no_login_but_other_channels_do(floor, client):
    online = floor.issue("account", channel="online", as_=None)
    assert online["number"] == "B001" and online["channel"] == "online"
    refused = client.post(f"{BASE}/branches/demo/tickets", json={"service": "cash", "channel": "kiosk"})
    assert refused.status_code == 403


def test_rating_an_unfinished_ticket_is_refused(floor, client):
    ticket = floor.issue("cash")
    response = client.post(f"{BASE}/tickets/{ticket['token']}/rating", json={"score": 4})
    assert response.status_code == 409 and response.json()["detail"] == "only a finished service can be rated"


def test_services_list_shows_line_length_and_a_newcomers_wait(floor, client):
    floor.open(1, "teller1")
    floor.issue("cash")
    floor.issue("cash")
    services = {s["code"]: s for s in client.get(f"{BASE}/branches/demo/services").json()["services"]}
    assert services["cash"]["waiting"] == 2 and services["cash"]["open_counters"] == 1
    assert services["cash"]["estimated_wait_s"] == 2 * 4 * 60
    assert services["loans"]["open_counters"] == 0 and services["loans"]["estimated_wait_s"] is None
    assert services["cash"]["documents_zh"] == ["身份证", "银行卡或存折"]


def test_stale_tickets_expire_after_the_business_day(floor, container, clock, client):
    from server.services.day_close import close_business_days

    ticket = floor.issue("cash")
    assert close_business_days(container.changes).expired == 0
    clock.advance(days=1)
    assert close_business_days(container.changes).expired == 1
    assert client.get(f"{BASE}/tickets/{ticket['token']}").json()["status"] == "expired"


def test_the_printed_qr_code_leads_to_the_ticket_status(floor, client, clock):
    issued = floor.issue("cash")
    assert issued["status_url"].endswith("/t/" + issued["qr_code"])
    by_code = client.get(f"{BASE}/tickets/{issued['qr_code']}")
    assert by_code.status_code == 200 and by_code.json()["number"] == "A001"
    clock.advance(days=3)
    expired = client.get(f"{BASE}/tickets/{issued['qr_code']}")
    assert expired.status_code == 422 and "expired" in expired.json()["detail"]
