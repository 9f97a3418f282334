"""Configuration changes reach every touched branch's live event stream once committed."""

from __future__ import annotations

from sqlalchemy import func, select

from server.db.models import Event, Staff
from tests.helpers import token_headers
from tests.server.api.test_admin_branches import API


def last_seq(container, branch_code):
    from server.db.models import Branch

    with container.db.read() as session:
        return session.scalar(
            select(func.coalesce(func.max(Event.seq), 0))
            .join(Branch, Branch.id == Event.branch_id)
            .where(Branch.code == branch_code)
        )


def stream(client, headers, branch_code, since):
    return client.websocket_connect(f"/api/v1/branches/{branch_code}/events?since={since}", headers=headers)


def test_moving_a_teller_is_pushed_live_to_both_branches(client, container):
    admin = token_headers(container, "admin")
    client.post(f"{API}/branches", json={"code": "west", "name_zh": "西", "name_en": "West"}, headers=admin)
    with container.db.read() as session:
        teller_id = session.scalar(select(Staff.id).where(Staff.username == "teller3"))
    with (
        stream(client, admin, "west", last_seq(container, "west")) as west,
        stream(client, admin, "demo", last_seq(container, "demo")) as demo,
    ):
        moved = client.patch(f"{API}/staff/{teller_id}", json={"branches": ["demo", "west"]}, headers=admin)
        assert moved.status_code == 200, moved.text
        on_west, on_demo = west.receive_json(), demo.receive_json()
    expected = {
        "entity": "staff",
        "action": "updated",
        "id": teller_id,
        "username": "teller3",
        "fields": ["branches"],
        "actor": {"kind": "staff", "id": 1, "username": "admin", "role": "admin"},
    }
    assert (on_west["type"], on_west["data"]) == ("config.changed", expected)
    assert (on_demo["type"], on_demo["data"]) == ("config.changed", expected)
    assert on_west["seq"] == 2  # created, then this


def test_a_display_learns_of_a_changed_service_at_once(client, container):
    admin, display = token_headers(container, "admin"), token_headers(container, "display-1")
    with stream(client, display, "demo", last_seq(container, "demo")) as events:
        client.patch(f"{API}/services/2", json={"name_en": "New accounts"}, headers=admin)
        message = events.receive_json()
    assert message["data"] == {
        "entity": "service",
        "action": "updated",
        "id": 2,
        "code": "account",
        "fields": ["name_en"],
    }
