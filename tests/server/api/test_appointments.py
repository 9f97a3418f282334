"""Online booking and kiosk check-in by code."""

from tests.helpers import token_headers
from tests.server.conftest import BASE

SLOT = "2026-11-30T10:30:00+08:00"  # the test clock is 10:00 in Shanghai


def book(client, service="loans", slot=SLOT, phone="13812345678"):  # type: ignore[no-untyped-def]
    return client.post(
        f"{BASE}/branches/demo/appointments",
        json={"service": service, "slot_start": slot, "name": "王芳", "phone": phone},
    )


def staff_lookup(client, code, as_="teller1"):  # type: ignore[no-untyped-def]
    return client.get(f"{BASE}/appointments/{code}", headers=token_headers(client.app.state.container, as_))


def test_booking_gives_a_code_and_shows_no_personal_data(client):
    response = book(client)
    assert response.status_code == 201, response.text
    body = response.json()
    assert len(body["code"]) == 6 and body["status"] == "booked"
    assert body["slot_end"] == "2026-11-30T03:00:00+00:00"  # loans take 25 min: two slots
    assert "王芳" not in response.text and "5678" not in response.text
    assert staff_lookup(client, body["code"].lower()).json()["status"] == "booked"


def test_checking_in_issues_an_appointment_ticket_for_the_booked_service(client, floor):
    code = book(client).json()["code"]
    ticket = floor.issue(service=None, channel="appointment", appointment=code)
    assert ticket["channel"] == "appointment" and ticket["service"]["code"] == "loans"
    assert staff_lookup(client, code, "kiosk-1").json()["status"] == "checked_in"
    again = client.post(f"{BASE}/branches/demo/tickets", json={"channel": "appointment", "appointment": code},
                        headers=floor.as_("kiosk-1"))
    assert again.status_code == 409 and "already checked_in" in again.json()["detail"]


def test_check_in_too_early_or_too_late_is_refused_with_what_to_do(client, floor, clock):
    code = book(client, slot="2026-12-01T15:00:00+08:00").json()["code"]
    early = client.post(f"{BASE}/branches/demo/tickets", json={"channel": "appointment", "appointment": code},
                        headers=floor.as_("kiosk-1"))
    assert early.status_code == 409 and "come back" in early.json()["detail"]
    clock.advance(days=1, hours=6)  # 16:00 next day, an hour after the slot
    late = client.post(f"{BASE}/branches/demo/tickets", json={"channel": "appointment", "appointment": code},
                       headers=floor.as_("kiosk-1"))
    assert late.status_code == 409 and "take a normal ticket" in late.json()["detail"]


def test_a_slot_takes_as_many_bookings_as_counters_serve_the_service(client):
    assert book(client).status_code == 201  # loans: counter 5 only
    full = book(client, phone="13900000000")
    assert full.status_code == 409 and "fully booked" in full.json()["detail"]


def test_cancelled_appointments_free_their_slot_and_cannot_check_in(client, floor):
    booking = book(client).json()
    code = booking["code"]
    assert client.post(f"{BASE}/appointments/manage/{booking['manage_token']}/cancel").json()["status"] == "cancelled"
    assert book(client, phone="13900000000").status_code == 201
    refused = client.post(f"{BASE}/branches/demo/tickets", json={"channel": "appointment", "appointment": code},
                          headers=floor.as_("kiosk-1"))
    assert refused.status_code == 409


def test_bad_bookings_name_the_field(client):
    assert book(client, phone="555").json()["field"] == "phone"
    assert book(client, slot="2026-11-30T10:31:00+08:00").json()["field"] == "slot_start"
    assert book(client, slot="not a date").status_code == 422
    assert book(client, service="mortgage").json()["field"] == "service"
    assert staff_lookup(client, "ZZZZZZ").status_code == 404
    assert staff_lookup(client, "0").status_code == 422


def test_the_confirmation_qr_code_checks_in_and_a_forged_one_is_refused(client, floor):
    booking = book(client).json()
    qr_code = booking["qr_code"]
    assert qr_code.startswith("BQ1.A.") and booking["code"] in qr_code
    forged = qr_code[:-3] + ("AAA" if not qr_code.endswith("AAA") else "BBB")
    refused = client.post(f"{BASE}/branches/demo/tickets", json={"channel": "appointment", "appointment": forged},
                          headers=floor.as_("kiosk-1"))
    assert refused.status_code == 422 and "not issued by this bank" in refused.json()["detail"]
    ticket = floor.issue(service=None, channel="appointment", appointment=qr_code)
    assert ticket["service"]["code"] == "loans" and ticket["channel"] == "appointment"


# -- managing a booking online: the long manage token, never the short code -------------------------


def test_the_manage_token_reads_and_cancels_the_booking_and_is_stored_hashed(client, container):
    from sqlalchemy import select

    from server.db.models import Appointment

    booking = book(client).json()
    token = booking["manage_token"]
    assert len(token) >= 40
    seen = client.get(f"{BASE}/appointments/manage/{token}")
    assert seen.status_code == 200 and seen.json()["code"] == booking["code"] and "manage_token" not in seen.json()
    with container.db.read() as session:
        stored = session.scalars(select(Appointment)).one().manage_token_hash
    assert stored != token and len(stored) == 64 and token not in str(stored)
    assert client.post(f"{BASE}/appointments/manage/{token}/cancel").json()["status"] == "cancelled"


def test_the_short_code_alone_no_longer_reads_or_cancels_a_booking(client, floor):
    code = book(client).json()["code"]
    assert client.get(f"{BASE}/appointments/{code}").status_code == 401
    assert client.post(f"{BASE}/appointments/{code}/cancel").status_code == 401
    assert client.post(f"{BASE}/appointments/{code}/cancel", headers=floor.as_("kiosk-1")).status_code == 403
    assert staff_lookup(client, code, "display-1").json()["status"] == "booked"


def test_wrong_manage_tokens_are_throttled_per_address(client, clock):
    token = book(client).json()["manage_token"]
    wrong = [client.get(f"{BASE}/appointments/manage/{'x' * 43}").status_code for _ in range(10)]
    assert wrong == [404] * 10
    locked = client.get(f"{BASE}/appointments/manage/{token}")
    assert locked.status_code == 429 and locked.json()["code"] == "appointment.too_many_wrong_codes"
    assert locked.headers["Retry-After"] == "60"
    clock.advance(minutes=1)
    assert client.get(f"{BASE}/appointments/manage/{token}").status_code == 200


def test_wrong_codes_looked_up_at_the_branch_are_throttled_per_account(client, floor):
    code = book(client).json()["code"]
    assert [staff_lookup(client, "ZZZZZZ", "kiosk-1").status_code for _ in range(10)] == [404] * 10
    assert staff_lookup(client, code, "kiosk-1").status_code == 429
    assert staff_lookup(client, code, "teller1").status_code == 200
