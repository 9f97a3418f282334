from tests.helpers import login


def test_health_answers_without_login(client):
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "sqlite"}


def test_kiosk_issues_a_numbered_ticket(client):
    kiosk = login(client, "kiosk-1")
    first = client.post("/api/v1/branches/demo/tickets", json={"service": "cash", "channel": "kiosk"}, headers=kiosk)
    second = client.post("/api/v1/branches/demo/tickets", json={"service": "cash", "channel": "kiosk"}, headers=kiosk)
    assert (first.status_code, second.status_code) == (201, 201)
    assert [first.json()["number"], second.json()["number"]] == ["A001", "A002"]
