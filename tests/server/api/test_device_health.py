"""Device health: a kiosk reports its printer and camera when they change (an event staff receive at once),
sends heartbeats (kept, not logged), and managers see every device, flagged silent after two minutes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from server.db.models import Event
from tests.server.conftest import BASE, Floor

HEALTH = f"{BASE}/devices/me/health"
HEARTBEAT = f"{BASE}/devices/me/heartbeat"
DEVICES = f"{BASE}/branches/demo/devices"


def report(floor: Floor, as_: str = "kiosk-1", **parts: str) -> dict[str, Any]:
    response = floor.client.post(HEALTH, json=parts, headers=floor.as_(as_))
    assert response.status_code == 200, response.text
    return response.json()


def devices(floor: Floor, as_: str = "manager") -> dict[str, dict[str, Any]]:
    response = floor.client.get(DEVICES, headers=floor.as_(as_))
    assert response.status_code == 200, response.text
    return {device["username"]: device for device in response.json()["devices"]}


def health_events(container) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    with container.db.read() as session:
        return [e.payload for e in session.scalars(select(Event).where(Event.type == "device.health").order_by(Event.seq))]


def event_count(container) -> int:  # type: ignore[no-untyped-def]
    with container.db.read() as session:
        return session.scalar(select(func.count()).select_from(Event)) or 0


def stream(floor: Floor, username: str) -> str:
    answer = floor.client.post(f"{BASE}/branches/demo/events/ticket", headers=floor.as_(username))
    return f"{BASE}/branches/demo/events?ticket={answer.json()['ticket']}"


def test_a_printer_running_out_of_paper_is_an_event_staff_receive_at_once(floor, client, container):
    with client.websocket_connect(stream(floor, "lobby")) as staff, client.websocket_connect(
        stream(floor, "display-1")
    ) as display:
        answer = report(floor, printer="paper_out", camera="ok")
        to_staff, to_display = staff.receive_json(), display.receive_json()
    assert (answer["printer"], answer["camera"], answer["needs_staff"]) == ("paper_out", "ok", True)
    assert to_staff["type"] == "device.health"
    assert to_staff["data"] == {
        "device_id": 1, "username": "kiosk-1", "description": "大堂取号机", "printer": "paper_out", "camera": "ok",
        "needs_staff": True, "changed": ["printer", "camera"], "actor": to_staff["data"]["actor"],
    }
    assert to_display == {**to_staff, "data": {}}  # devices learn that something happened, not what


def test_only_changes_are_logged_and_a_part_left_out_keeps_its_state(floor, container):
    report(floor, printer="ok", camera="ok")
    report(floor, printer="ok")
    assert report(floor, printer="paper_low")["camera"] == "ok"
    assert [(e["printer"], e["camera"], e["changed"]) for e in health_events(container)] == [
        ("ok", "ok", ["printer", "camera"]), ("paper_low", "ok", ["printer"]),
    ]


def test_a_heartbeat_is_kept_but_never_logged(floor, container, clock):
    before = event_count(container)
    response = floor.client.post(HEARTBEAT, headers=floor.as_("kiosk-1"))
    assert response.status_code == 200, response.text
    assert response.json() == {"last_seen": clock.now.isoformat(), "next_heartbeat_s": 30}
    assert event_count(container) == before
    assert devices(floor)["kiosk-1"]["last_seen"] == clock.now.isoformat()


def test_reports_and_heartbeats_leave_the_in_memory_queue_and_caches_alone(floor, container):
    report(floor, printer="ok", camera="ok")  # the first report changes the health (an event)
    generation = container.db.generation
    floor.client.post(HEARTBEAT, headers=floor.as_("kiosk-1"))
    report(floor, printer="paper_out")
    report(floor, printer="paper_out")
    assert container.db.generation == generation  # every 30 s from every kiosk: no re-read of every branch's line


def test_a_device_is_flagged_silent_two_minutes_after_its_last_heartbeat(floor, clock):
    floor.client.post(HEARTBEAT, headers=floor.as_("kiosk-1"))
    seen = clock.now.isoformat()
    clock.advance(seconds=119)
    listed = devices(floor)
    assert (listed["kiosk-1"]["silent"], listed["kiosk-1"]["last_seen"]) == (False, seen)
    assert (listed["display-1"]["silent"], listed["display-1"]["last_seen"]) == (False, None)  # never reported
    clock.advance(seconds=1)
    assert devices(floor)["kiosk-1"]["silent"] is True
    floor.client.post(HEARTBEAT, headers=floor.as_("kiosk-1"))
    assert devices(floor)["kiosk-1"]["silent"] is False


def test_the_list_shows_each_device_s_health_to_its_branch_s_managers(floor):
    report(floor, printer="cover_open", camera="missing")
    listed = devices(floor, as_="lobby")
    assert set(listed) == {"kiosk-1", "display-1"}  # demo2's devices are not this branch's
    kiosk = listed["kiosk-1"]
    assert {key: kiosk[key] for key in ("role", "printer", "camera", "needs_staff", "silent")} == {
        "role": "kiosk", "printer": "cover_open", "camera": "missing", "needs_staff": True, "silent": False,
    }
    assert kiosk["health_changed_at"] == kiosk["last_seen"]
    assert floor.client.get(DEVICES, headers=floor.as_("demo2-manager")).status_code == 403
    assert floor.client.get(DEVICES, headers=floor.as_("teller1")).status_code == 403


def test_only_devices_report_and_only_known_states(floor):
    assert floor.client.post(HEALTH, json={"printer": "ok"}, headers=floor.as_("teller1")).status_code == 403
    assert floor.client.post(HEARTBEAT, headers=floor.as_("manager")).status_code == 403
    refused = floor.client.post(HEALTH, json={"printer": "on_fire"}, headers=floor.as_("kiosk-1"))
    assert refused.status_code == 422 and refused.json()["field"] == "printer"
