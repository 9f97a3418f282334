"""Free text sent to the API is cleaned and bounded; what cannot be kept is refused with a code and field."""

import json

import pytest
from sqlalchemy import select

from server.db.models import Customer

from server.domain.text import MAX_TICKET_NOTE_LENGTH, MAX_TICKET_NOTES
from tests.helpers import token_headers
from tests.server.conftest import BASE

BOOKING = {"service": "cash", "slot_start": "2026-11-30T11:00:00+08:00", "name": "王芳", "phone": "13812345678"}


def assert_refused(response, code, field, character=None):  # type: ignore[no-untyped-def]
    assert response.status_code == 422, response.text
    body = response.json()
    assert (body["code"], body["field"]) == (code, field), body
    if character is not None:
        assert body["params"]["character"] == character


def test_transfer_notes_stay_bounded_however_often_a_ticket_moves(floor):
    ticket = floor.issue("cash")
    for move in range(MAX_TICKET_NOTES * 3):
        service = "account" if move % 2 == 0 else "cash"
        moved = floor.act(ticket["id"], "transfer", "manager", service=service, note=f"move {move} " + "很" * 190)
        assert moved.status_code == 200, moved.text
    notes = moved.json()["notes"]
    assert len(notes) == MAX_TICKET_NOTES
    assert f"move {MAX_TICKET_NOTES * 3 - 1} " in notes[-1] and f"move {MAX_TICKET_NOTES * 2} " in notes[0]
    assert all(len(note) <= MAX_TICKET_NOTE_LENGTH for note in notes)
    assert len(json.dumps(notes, ensure_ascii=False).encode()) < MAX_TICKET_NOTES * MAX_TICKET_NOTE_LENGTH * 3 + 100


@pytest.mark.parametrize(
    ("note", "code", "character"),
    [
        ("\x1b[2J cleared", "text.control_character", "U+001B"),
        ("\u202eevil", "text.bidi_control", "U+202E"),
        ("\u2066isolated\u2069", "text.bidi_control", "U+2066"),
        ("x" * 201, "text.too_long", None),
    ],
)
def test_transfer_notes_that_could_steer_a_screen_are_refused(floor, note, code, character):
    ticket = floor.issue("cash")
    response = floor.act(ticket["id"], "transfer", "manager", service="account", note=note)
    assert_refused(response, code, "note", character)
    assert floor.act(ticket["id"], "transfer", "manager", service="account").json()["transfer_count"] == 1


def test_transfer_notes_are_kept_clean_on_one_line(floor):
    ticket = floor.issue("cash")
    moved = floor.act(ticket["id"], "transfer", "manager", service="account", note="  needs\n\n ID\tcard\u200b ")
    assert moved.json()["notes"] == ["transferred from cash at the queue to account: needs ID card"]


@pytest.mark.parametrize(
    ("name", "code", "character"),
    [
        ("王\u202e芳", "text.bidi_control", "U+202E"),
        ("王\u200b芳", "text.invisible_character", "U+200B"),
        ("王\ufeff芳", "text.invisible_character", "U+FEFF"),
        ("王\n芳", "text.control_character", "U+000A"),
        ("\u200b", "text.invisible_character", "U+200B"),
        ("   ", "text.empty", None),
    ],
)
def test_booking_names_with_hidden_characters_are_refused(client, name, code, character):
    assert_refused(client.post(f"{BASE}/branches/demo/appointments", json={**BOOKING, "name": name}), code, "name", character)


def test_booking_names_are_kept_in_one_spelling_on_one_line(client, container):
    booking = client.post(f"{BASE}/branches/demo/appointments", json={**BOOKING, "name": "  Zoe\u0308   Li "})
    assert booking.status_code == 201, booking.text
    with container.db.read() as session:
        assert session.scalars(select(Customer.name).order_by(Customer.id.desc())).first() == "Zo\u00eb Li"


def test_rating_comments_are_cleaned_and_refused_by_the_same_rules(floor, client):
    floor.open(1, "teller1")
    ticket = floor.issue("cash")
    floor.call(1, "teller1")
    floor.act(ticket["id"], "start", "teller1")
    floor.act(ticket["id"], "finish", "teller1")
    rate = f"{BASE}/tickets/{ticket['token']}/rating"
    assert_refused(client.post(rate, json={"score": 5, "comment": "\x1b[31m好"}), "text.control_character", "comment")
    assert client.post(rate, json={"score": 5, "comment": "很好\u200b\n谢谢"}).status_code == 201


@pytest.mark.parametrize(
    ("path", "body", "code", "field"),
    [
        ("/admin/counters/2", {"name": "窗口\u200b2"}, "text.invisible_character", "name"),
        ("/admin/counters/2", {"zone_zh": "A\u202e区"}, "text.bidi_control", "zone_zh"),
        ("/admin/staff/4", {"display_name": "张\u200d三"}, "text.invisible_character", "display_name"),
        ("/admin/devices/1", {"description": "lobby \x1b[2J"}, "text.control_character", "description"),
        ("/admin/branches/demo", {"name_en": "Demo\u2067Bank"}, "text.bidi_control", "name_en"),
        ("/admin/services/1", {"documents_zh": ["身份证", "\x9b31m"]}, "text.control_character", "documents_zh.1"),
    ],
)
def test_administration_text_follows_the_same_rules(client, container, path, body, code, field):
    response = client.patch(f"{BASE}{path}", json=body, headers=token_headers(container, "admin"))
    assert_refused(response, code, field)


def test_a_refusal_is_worded_in_chinese_by_default(client):
    response = client.post(
        f"{BASE}/branches/demo/appointments", json={**BOOKING, "name": "王\u202e芳"}, headers={"Accept-Language": "zh-CN"}
    )
    assert response.status_code == 422
    assert response.json()["detail"] == "内容中含有会改变文字方向的控制字符（U+202E），请删除。"
