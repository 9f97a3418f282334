"""`GET /branches/{code}/stats`: a simulated morning at the demo branch, then its exact numbers."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.helpers import START, login, token_headers

STATS = "/api/v1/branches/demo/stats"
TICKETS = "/api/v1/branches/demo/tickets"


class Morning:
    """Drives the demo branch through the API with the fake clock; times are seconds after 10:00."""

    def __init__(self, client, clock, container):
        self.client, self.clock = client, clock
        self.kiosk = token_headers(container, "kiosk-1")
        self.teller1, self.teller2 = token_headers(container, "teller1"), token_headers(container, "teller2")

    def at(self, seconds):
        self.clock.now = START + timedelta(seconds=seconds)

    def issue(self, seconds, service, channel="kiosk", headers=None):
        self.at(seconds)
        response = self.client.post(
            TICKETS,
            json={"service": service, "channel": channel},
            headers=self.kiosk if headers is None else headers,
        )
        assert response.status_code == 201, response.text
        return response.json()

    def act(self, seconds, headers, path):
        self.at(seconds)
        response = self.client.post(f"/api/v1{path}", headers=headers)
        assert response.status_code == 200, response.text
        return response.json()


def simulate_morning(client, clock, container):
    m = Morning(client, clock, container)
    m.act(0, m.teller1, "/counters/1/open")  # counter 1 serves cash and fx
    m.act(0, m.teller2, "/counters/4/open")  # counter 4 serves wealth and account
    a1 = m.issue(0, "cash")  # told 0 s (nobody ahead)
    a2 = m.issue(60, "cash")  # told 240 s (one ahead, cash takes 4 min, one counter)
    c1 = m.issue(120, "wealth")  # told 0 s
    assert [a1["estimated_wait_s"], a2["estimated_wait_s"], c1["estimated_wait_s"]] == [0, 240, 0]
    assert m.act(180, m.teller1, "/counters/1/call-next")["number"] == a1["number"]  # waited 180
    assert m.act(180, m.teller2, "/counters/4/call-next")["number"] == c1["number"]  # waited 60
    m.act(200, m.teller2, f"/tickets/{c1['id']}/start")
    m.act(240, m.teller1, f"/tickets/{a1['id']}/start")
    m.act(840, m.teller1, f"/tickets/{a1['id']}/finish")  # served 600
    assert m.act(840, m.teller1, "/counters/1/call-next")["number"] == a2["number"]  # waited 780 > 10 min
    m.act(900, m.teller1, f"/tickets/{a2['id']}/no-show")
    a3 = m.issue(900, "cash", "counter", m.teller1)  # told 0 s
    m.act(900, m.teller1, "/counters/1/call-next")  # waited 0
    m.act(900, m.teller1, f"/tickets/{a3['id']}/start")
    m.act(1140, m.teller1, f"/tickets/{a3['id']}/finish")  # served 240
    f1 = m.issue(1000, "fx", "online", {})
    m.act(1100, {}, f"/tickets/{f1['token']}/cancel")
    m.act(1400, m.teller2, f"/tickets/{c1['id']}/finish")  # served 1200
    m.issue(3700, "account")  # 11:01, still waiting
    for ticket, score in ((a1, 5), (c1, 4), (a3, 3)):
        rated = client.post(f"/api/v1/tickets/{ticket['token']}/rating", json={"score": score})
        assert rated.status_code == 201, rated.text


def test_a_simulated_morning_gives_exact_statistics(client, clock, container):
    simulate_morning(client, clock, container)
    response = client.get(STATS, headers=token_headers(container, "manager"))
    assert response.status_code == 200, response.text
    report = response.json()

    assert (report["branch"], report["date"], report["time_zone"]) == ("demo", "2026-11-30", "Asia/Shanghai")
    assert report["tickets"] == {
        "issued": 6,
        "by_service": {"cash": 3, "account": 1, "wealth": 1, "loans": 0, "corporate": 0, "fx": 1},
        "by_channel": {"counter": 1, "kiosk": 4, "online": 1},
        "served": 3,
        "no_show": 1,
        "cancelled": 1,
        "expired": 0,
        "open": 1,
    }
    # waits: A001 180, A002 780, C001 60, A003 0
    assert report["waits"]["overall"] == {"count": 4, "mean_s": 255.0, "p50_s": 120.0, "p90_s": 600.0}
    assert report["waits"]["by_service"]["cash"] == {
        "count": 3,
        "mean_s": 320.0,
        "p50_s": 180.0,
        "p90_s": 660.0,
    }
    assert report["waits"]["by_service"]["wealth"] == {
        "count": 1,
        "mean_s": 60.0,
        "p50_s": 60.0,
        "p90_s": 60.0,
    }
    assert report["service_level"]["cash"] == {
        "target_wait_min": 10,
        "called": 3,
        "within_target": 2,
        "share": 0.6667,
    }
    assert report["service_level"]["wealth"]["share"] == 1.0
    assert report["service_level"]["loans"]["share"] is None
    # service times: A001 600, C001 1200, A003 240
    assert report["service_times"]["overall"] == {
        "count": 3,
        "mean_s": 680.0,
        "p50_s": 600.0,
        "p90_s": 1080.0,
    }
    assert report["service_times"]["by_service"]["cash"] == {
        "count": 2,
        "mean_s": 420.0,
        "p50_s": 420.0,
        "p90_s": 564.0,
    }
    assert report["ratings"] == {
        "count": 3,
        "mean": 4.0,
        "distribution": {"1": 0, "2": 0, "3": 1, "4": 1, "5": 1},
        "by_counter": {
            "1": {"count": 2, "mean": 4.0, "distribution": {"1": 0, "2": 0, "3": 1, "4": 0, "5": 1}},
            "4": {"count": 1, "mean": 4.0, "distribution": {"1": 0, "2": 0, "3": 0, "4": 1, "5": 0}},
        },
    }
    assert report["counters"] == {
        "1": {"served": 2, "mean_service_s": 420.0, "ratings": 2, "mean_rating": 4.0},
        "4": {"served": 1, "mean_service_s": 1200.0, "ratings": 1, "mean_rating": 4.0},
    }
    assert report["tellers"] == {"teller1": report["counters"]["1"], "teller2": report["counters"]["4"]}
    assert report["hourly_arrivals"] == {"10:00": 5, "11:00": 1}
    # told minus real: 0-180, 240-780, 0-60, 0-0
    assert report["estimate_accuracy"] == {"count": 4, "mae_s": 195.0, "bias_s": -195.0}


def test_a_transfer_counts_where_it_was_issued_and_where_it_was_served(client, clock, container):
    m = Morning(client, clock, container)
    manager = token_headers(container, "manager")
    ticket = m.issue(0, "cash")
    moved = client.post(f"/api/v1/tickets/{ticket['id']}/transfer", json={"service": "fx"}, headers=manager)
    assert moved.status_code == 200, moved.text
    m.act(0, m.teller1, "/counters/1/open")
    m.act(90, m.teller1, "/counters/1/call-next")
    report = client.get(STATS, headers=manager).json()
    assert (report["tickets"]["by_service"]["cash"], report["tickets"]["by_service"]["fx"]) == (1, 0)
    assert report["waits"]["by_service"]["fx"]["mean_s"] == 90.0
    assert report["service_level"]["cash"]["called"] == 0


def test_another_day_is_empty_and_the_date_is_checked(client, clock, container):
    simulate_morning(client, clock, container)
    admin = token_headers(container, "admin")
    other = client.get(STATS, params={"date": "2026-11-29"}, headers=admin).json()
    assert (other["date"], other["tickets"]["issued"], other["hourly_arrivals"]) == ("2026-11-29", 0, {})
    same = client.get(STATS, params={"date": "2026-11-30"}, headers=admin).json()
    assert same["tickets"]["issued"] == 6
    for bad in ("30/11/2026", "2026-13-01", "yesterday", "9" * 30):
        response = client.get(STATS, params={"date": bad}, headers=admin)
        assert (response.status_code, response.json()["field"]) == (422, "date"), bad


def test_the_default_day_is_the_branchs_local_today(client, clock, container):
    admin = token_headers(container, "admin")
    clock.now = START.replace(hour=17)  # 01:00 on 1 December in Shanghai, still 30 November in UTC
    assert client.get(STATS, headers=admin).json()["date"] == "2026-12-01"


@pytest.mark.parametrize("who", ["teller1", "kiosk-1", "display-1"])
def test_tellers_and_devices_may_not_see_statistics(client, container, who):
    assert client.get(STATS, headers=token_headers(container, who)).status_code == 403


def test_a_manager_of_another_branch_may_not_see_them(client, container):
    admin = token_headers(container, "admin")
    client.post(
        "/api/v1/admin/branches", json={"code": "west", "name_zh": "西", "name_en": "West"}, headers=admin
    )
    created = client.post(
        "/api/v1/admin/staff",
        json={
            "username": "manager.west",
            "role": "manager",
            "branches": ["west"],
            "password": "west-manager-1",
        },
        headers=admin,
    )
    assert created.status_code == 201, created.text
    west_manager = login(client, "manager.west", "west-manager-1")
    refused = client.get(STATS, headers=west_manager)
    assert refused.status_code == 403 and "no access to this branch" in refused.json()["detail"]
    own = client.get("/api/v1/branches/west/stats", headers=west_manager)
    assert (own.status_code, own.json()["tickets"]["issued"]) == (200, 0)


def test_statistics_need_a_login_and_a_real_branch(client, container):
    assert client.get(STATS).status_code == 401
    assert (
        client.get("/api/v1/branches/nowhere/stats", headers=token_headers(container, "admin")).status_code
        == 404
    )
