"""What the counter app needs from the server: who am I, my counter and its ticket, outcomes, pause reasons,
my day, a rating given on the counter's customer screen, and calling a chosen ticket where allowed."""

from tests.server.conftest import BASE


def _serve(floor, clock, counter_id=1, teller="teller1", outcome=None, minutes=4):  # type: ignore[no-untyped-def]
    issued = floor.issue("cash")
    assert floor.call(counter_id, teller).json()["id"] == issued["id"]
    floor.act(issued["id"], "start", teller)
    clock.advance(minutes=minutes)
    body = {"outcome": outcome} if outcome else {}
    finished = floor.act(issued["id"], "finish", teller, **body)
    assert finished.status_code == 200, finished.text
    return {**finished.json(), "token": issued["token"]}


def test_me_names_the_account_and_its_branch_codes(floor, client):
    me = client.get(f"{BASE}/auth/me", headers=floor.as_("teller1")).json()
    assert me["username"] == "teller1" and me["role"] == "teller" and me["branch_codes"] == ["demo"]
    assert isinstance(me["account_id"], int) and me["display_name"]
    admin = client.get(f"{BASE}/auth/me", headers=floor.as_("admin")).json()
    assert set(admin["branch_codes"]) >= {"demo", "demo2"}


def test_the_counter_and_its_ticket_come_back_from_the_server(floor, client):
    floor.open(1, "teller1")
    issued = floor.issue("cash")
    floor.call(1, "teller1")
    counter = client.get(f"{BASE}/counters/1", headers=floor.as_("teller1")).json()
    assert counter["state"] == "open" and counter["holder"]["username"] == "teller1"
    assert counter["ticket"]["id"] == issued["id"] and counter["ticket"]["status"] == "called"
    assert counter["max_recalls"] == 2 and counter["allow_call_specific"] is False
    staff = client.get(f"{BASE}/tickets/{issued['id']}/staff", headers=floor.as_("teller2")).json()
    assert staff["number"] == issued["number"] and staff["notes"] == [] and staff["outcome"] is None
    assert client.get(f"{BASE}/tickets/{issued['id']}/staff", headers=floor.as_("kiosk-1")).status_code == 403


def test_outcome_and_pause_reason_are_kept_and_counted(floor, client, clock):
    floor.open(1, "teller1")
    assert _serve(floor, clock, outcome="referred")["outcome"] == "referred"
    assert _serve(floor, clock)["outcome"] == "done"
    paused = client.post(f"{BASE}/counters/1/pause", json={"reason": "lunch"}, headers=floor.as_("teller1"))
    assert paused.json()["state"] == "paused" and paused.json()["pause_reason"] == "lunch"
    clock.advance(minutes=30)
    resumed = floor.counter(1, "resume", "teller1").json()
    assert resumed["state"] == "open" and resumed["pause_reason"] is None
    bad = client.post(f"{BASE}/counters/1/pause", json={"reason": "nap"}, headers=floor.as_("teller1"))
    assert bad.status_code == 422

    stats = client.get(f"{BASE}/branches/demo/stats", headers=floor.as_("manager")).json()
    assert stats["outcomes"] == {"done": 1, "referred": 1, "needs_follow_up": 0}
    assert stats["pauses"]["lunch"] == {"count": 1, "total_s": 1800.0}
    assert stats["pauses"]["break"]["count"] == 0


def test_my_day_counts_only_my_own_service(floor, client, clock):
    floor.open(1, "teller1")
    floor.open(2, "teller2")
    _serve(floor, clock, minutes=4)
    _serve(floor, clock, minutes=6)
    _serve(floor, clock, counter_id=2, teller="teller2")
    day = client.get(f"{BASE}/auth/me/day", headers=floor.as_("teller1")).json()
    assert day["username"] == "teller1" and day["served"] == 2 and day["mean_service_s"] == 300.0
    assert day["ratings"]["count"] == 0
    assert client.get(f"{BASE}/auth/me/day", headers=floor.as_("kiosk-1")).status_code == 403


def test_the_counter_rates_by_ticket_id_once_and_the_rating_counts(floor, client, clock):
    floor.open(1, "teller1")
    floor.open(2, "teller2")
    served = _serve(floor, clock)
    url = f"{BASE}/tickets/{served['id']}/rating"
    body = {"score": 4, "reasons": ["staff_friendly"], "comment": "耐心"}
    assert client.post(url, json=body, headers=floor.as_("teller2")).status_code == 403
    assert client.post(url, json=body).status_code == 401
    rated = client.post(url, json=body, headers=floor.as_("teller1"))
    assert rated.status_code == 201 and rated.json()["score"] == 4
    again = client.post(url, json={"score": 1}, headers=floor.as_("teller1"))
    assert again.status_code == 409 and again.json()["code"] == "feedback.already_rated"
    by_phone = client.post(f"{BASE}/tickets/{served['token']}/rating", json={"score": 1})
    assert by_phone.status_code == 409
    day = client.get(f"{BASE}/auth/me/day", headers=floor.as_("teller1")).json()
    assert day["ratings"]["count"] == 1 and day["ratings"]["mean"] == 4


def test_a_chosen_ticket_is_called_only_where_the_branch_allows_it(floor, client):
    floor.open(1, "teller1")
    first, second = floor.issue("cash"), floor.issue("cash")
    url = f"{BASE}/counters/1/call/{second['id']}"
    refused = client.post(url, json={"reason": "elderly customer"}, headers=floor.as_("teller1"))
    assert refused.status_code == 409 and refused.json()["code"] == "counter.call_chosen_off"
    changed = client.patch(f"{BASE}/admin/branches/demo", json={"allow_call_specific": True},
                           headers=floor.as_("admin"))
    assert changed.status_code == 200 and changed.json()["allow_call_specific"] is True
    called = client.post(url, json={"reason": "elderly customer"}, headers=floor.as_("teller1"))
    assert called.status_code == 200, called.text
    assert called.json()["number"] == second["number"] and called.json()["call_reason"] == "chosen"
    assert called.json()["call_facts"] == {"chosen_by": "teller1", "why": "elderly customer"}
    busy = client.post(f"{BASE}/counters/1/call/{first['id']}", json={"reason": "x"}, headers=floor.as_("teller1"))
    assert busy.status_code == 409 and busy.json()["code"] == "counter.has_active_ticket"
