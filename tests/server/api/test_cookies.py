"""Cookie sessions for the web pages: HttpOnly, SameSite=Strict, and an Origin check on every change."""

from tests.helpers import DEMO_PASSWORD
from tests.server.conftest import BASE

OWN = {"Origin": "http://testserver"}


def cookie_login(client, username="teller1"):  # type: ignore[no-untyped-def]
    response = client.post(f"{BASE}/auth/login", json={"username": username, "password": DEMO_PASSWORD, "cookie": True})
    assert response.status_code == 200, response.text
    return response


def test_a_cookie_login_sets_an_http_only_strict_cookie_and_returns_no_token(client):
    response = cookie_login(client)
    header = response.headers["set-cookie"]
    assert header.startswith("branchq_token=") and "HttpOnly" in header and "SameSite=strict" in header
    assert "Secure" not in header  # the test server's public address is http
    assert "access_token" not in response.json() and response.json()["token_type"] == "cookie"
    assert client.get(f"{BASE}/auth/me").json()["username"] == "teller1"


def test_the_cookie_is_secure_when_the_public_address_is_https(client, container):
    container.settings.public_base_url = "https://queue.example-bank.cn"
    assert "Secure" in cookie_login(client).headers["set-cookie"]


def test_a_change_by_cookie_needs_this_servers_origin(client, container):
    cookie_login(client)
    forged = client.post(f"{BASE}/counters/1/open", headers={"Origin": "https://evil.example"})
    assert forged.status_code == 403 and forged.json()["code"] == "auth.cross_origin"
    assert client.post(f"{BASE}/counters/1/open").status_code == 403  # no Origin, no Referer
    assert client.post(f"{BASE}/counters/1/open", headers={"Origin": "null"}).status_code == 403
    assert client.post(f"{BASE}/counters/1/open", headers=OWN).status_code == 200
    referred = client.post(f"{BASE}/counters/1/pause", headers={"Referer": "http://testserver/counter/1"})
    assert referred.status_code == 200
    container.settings.public_base_url = "https://queue.example-bank.cn"
    public = client.post(f"{BASE}/counters/1/resume", headers={"Origin": "https://queue.example-bank.cn"})
    assert public.status_code == 200
    assert client.get(f"{BASE}/auth/me", headers={"Origin": "https://evil.example"}).status_code == 200  # reads


def test_bearer_requests_are_not_origin_checked(client, floor):
    response = client.post(f"{BASE}/counters/1/open", headers={**floor.as_("teller1"), "Origin": "https://evil.example"})
    assert response.status_code == 200


def test_logout_clears_the_cookie(client):
    cookie_login(client)
    response = client.post(f"{BASE}/auth/logout", headers=OWN)
    assert response.status_code == 204
    assert 'branchq_token=""' in response.headers["set-cookie"] and "Max-Age=0" in response.headers["set-cookie"]
    assert client.get(f"{BASE}/auth/me").status_code == 401
