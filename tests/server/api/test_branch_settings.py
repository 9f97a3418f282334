"""What a branch's manager configures: service targets and the display's notices, each a `config.changed`."""

from __future__ import annotations

from tests.server.conftest import BASE


def test_a_manager_sets_a_services_target_and_service_levels_count_against_it(floor, client):  # type: ignore[no-untyped-def]
    answer = client.put(f"{BASE}/branches/demo/services/cash/target", json={"target_wait_min": 7}, headers=floor.as_("manager"))
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"service": "cash", "target_wait_min": 7}
    services = client.get(f"{BASE}/branches/demo/services").json()["services"]
    assert next(s for s in services if s["code"] == "cash")["target_wait_min"] == 7
    stats = client.get(f"{BASE}/branches/demo/stats", headers=floor.as_("manager")).json()
    assert stats["service_level"]["cash"]["target_wait_min"] == 7


def test_targets_are_whole_minutes_of_a_service_of_the_branch(floor, client):  # type: ignore[no-untyped-def]
    manager = floor.as_("manager")
    assert client.put(f"{BASE}/branches/demo/services/cash/target", json={"target_wait_min": 0}, headers=manager).status_code == 422
    assert client.put(f"{BASE}/branches/demo/services/cash/target", json={"target_wait_min": 241}, headers=manager).status_code == 422
    unknown = client.put(f"{BASE}/branches/demo/services/nope/target", json={"target_wait_min": 5}, headers=manager)
    assert unknown.status_code == 404 and unknown.json()["code"] == "service.not_in_branch"


def test_notices_reach_the_display_board_and_its_event_stream(floor, client):  # type: ignore[no-untyped-def]
    display = floor.as_("display-1")
    with client.websocket_connect(f"{BASE}/branches/demo/events", headers=display) as stream:
        answer = client.put(f"{BASE}/branches/demo/notices", headers=floor.as_("manager"),
                            json={"notice_zh": "  今天下午 3 点有理财讲座\u200b ", "notice_en": "Wealth talk at 3 pm"})
        assert answer.status_code == 200, answer.text
        assert answer.json() == {"notice_zh": "今天下午 3 点有理财讲座", "notice_en": "Wealth talk at 3 pm"}
        event = stream.receive_json()
    assert event["type"] == "config.changed"
    assert event["data"] == {"entity": "branch", "action": "updated", "id": 1, "code": "demo", "fields": ["notices"]}
    board = client.get(f"{BASE}/branches/demo/display", headers=display).json()
    assert board["notices"] == {"notice_zh": "今天下午 3 点有理财讲座", "notice_en": "Wealth talk at 3 pm"}
    client.put(f"{BASE}/branches/demo/notices", json={"notice_zh": "", "notice_en": " "}, headers=floor.as_("manager"))
    assert client.get(f"{BASE}/branches/demo/display", headers=display).json()["notices"] == {"notice_zh": None, "notice_en": None}


def test_notices_refuse_control_characters_and_length(floor, client):  # type: ignore[no-untyped-def]
    manager = floor.as_("manager")
    steering = client.put(f"{BASE}/branches/demo/notices", json={"notice_zh": "\x1b[2J", "notice_en": ""}, headers=manager)
    assert steering.status_code == 422 and steering.json()["code"] == "text.control_character"
    long = client.put(f"{BASE}/branches/demo/notices", json={"notice_zh": "长" * 301, "notice_en": ""}, headers=manager)
    assert long.status_code == 422


def test_only_managers_of_the_branch_configure(floor, client):  # type: ignore[no-untyped-def]
    for account in ("teller1", "lobby", "display-1", "kiosk-1", "demo2-teller1"):
        answer = client.put(f"{BASE}/branches/demo/notices", json={"notice_zh": "x"}, headers=floor.as_(account))
        assert answer.status_code == 403, account
    assert client.put(f"{BASE}/branches/demo/services/cash/target", json={"target_wait_min": 5}).status_code == 401
