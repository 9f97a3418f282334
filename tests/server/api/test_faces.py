"""Face check-in through the API: consented enrollment, the kiosk's question "who is this?", forgetting.

Fast tests use synthetic encodings (random unit vectors: two of them lie about 1.4 apart, far beyond the
0.6 threshold; a copy nudged by 0.01 per number lies about 0.11 away). The `face` tests use real encodings
of the test photos, computed once per module.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select

from server.db.models import Branch, Event
from tests.server.conftest import BASE

SLOT = "2026-11-30T10:30:00+08:00"  # the test clock is 10:00 in Shanghai
CONSENT = {"text_version": "face-checkin-v1", "channel": "counter"}


@pytest.fixture
def settings(settings, tmp_path):  # type: ignore[no-untyped-def]
    """The usual test settings with the face vault in this test's own directory."""
    return settings.model_copy(update={"face_vault_dir": tmp_path / "face-vault"})


def unit_vector(seed: int) -> np.ndarray:
    vector = np.random.default_rng(seed).normal(size=128)
    return (vector / np.linalg.norm(vector)).astype(np.float32)


def nudged(vector: np.ndarray, seed: int, per_number: float = 0.01) -> np.ndarray:
    return (vector + np.random.default_rng(seed).normal(0.0, per_number, size=128)).astype(np.float32)


def book(client, slot: str = SLOT, phone: str = "13812345678", service: str = "cash") -> str:  # type: ignore[no-untyped-def]
    response = client.post(
        f"{BASE}/branches/demo/appointments",
        json={"service": service, "slot_start": slot, "name": "王芳", "phone": phone},
    )
    assert response.status_code == 201, response.text
    return response.json()["code"]


def enroll(floor, code: str, *encodings: np.ndarray, as_: str = "teller1", consent=CONSENT):  # type: ignore[no-untyped-def]
    body = {"encodings": [encoding.tolist() for encoding in encodings], "consent": consent}
    return floor.client.post(f"{BASE}/appointments/{code}/face", json=body, headers=floor.as_(as_))


def identify(floor, encoding: np.ndarray, as_: str = "kiosk-1", branch: str = "demo"):  # type: ignore[no-untyped-def]
    return floor.client.post(
        f"{BASE}/branches/{branch}/faces/identify", json={"encoding": encoding.tolist()}, headers=floor.as_(as_)
    )


def forget(floor, code: str, as_: str = "manager"):  # type: ignore[no-untyped-def]
    return floor.client.delete(f"{BASE}/appointments/{code}/face", headers=floor.as_(as_))


def vault_files(container) -> list[Path]:  # type: ignore[no-untyped-def]
    return sorted(Path(container.settings.face_vault_dir).glob("*.face"))


def face_events(container) -> list[Event]:  # type: ignore[no-untyped-def]
    with container.db.read() as session:
        return list(session.scalars(select(Event).where(Event.type.like("face.%")).order_by(Event.seq)))


# -- enrollment ----------------------------------------------------------------------------------


def test_enrollment_is_refused_without_recorded_consent(client, floor, container):
    code = book(client)
    encoding = unit_vector(1)
    missing = client.post(f"{BASE}/appointments/{code}/face", json={"encodings": [encoding.tolist()]},
                          headers=floor.as_("teller1"))
    assert missing.status_code == 422 and missing.json()["field"] == "consent"
    blank = enroll(floor, code, encoding, consent={"text_version": "  ", "channel": "counter"})
    assert blank.status_code == 422 and blank.json()["field"] == "consent.text_version"
    unknown_channel = enroll(floor, code, encoding, consent={"text_version": "v1", "channel": "email"})
    assert unknown_channel.status_code == 422 and unknown_channel.json()["field"] == "consent.channel"
    assert vault_files(container) == [] and face_events(container) == []


def test_enrollment_refuses_encodings_that_are_not_128_finite_numbers(client, floor, container):
    code = book(client)
    short = enroll(floor, code, unit_vector(1)[:127])
    assert short.status_code == 422 and short.json()["field"] == "encodings.0"
    too_many = enroll(floor, code, *(unit_vector(seed) for seed in range(6)))
    assert too_many.status_code == 422 and too_many.json()["field"] == "encodings"
    with_nan = [unit_vector(1).tolist(), unit_vector(2).tolist()]
    with_nan[1][5] = float("nan")
    raw = json.dumps({"encodings": with_nan, "consent": CONSENT})  # allows NaN, as a careless client would
    response = client.post(f"{BASE}/appointments/{code}/face", content=raw,
                           headers={**floor.as_("teller1"), "Content-Type": "application/json"})
    assert response.status_code == 422 and response.json()["field"] == "encodings.1.5"
    overflow = enroll(floor, code, np.full(128, 1e300))
    assert overflow.status_code == 422 and overflow.json()["field"] == "encodings.0"
    assert "NaN or infinity" in overflow.json()["detail"]
    assert vault_files(container) == []


def test_enrollment_answers_with_the_consent_and_records_it_without_biometric_data(client, floor, container):
    code = book(client)
    response = enroll(floor, code, unit_vector(1), nudged(unit_vector(1), 2))
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["enrolled"] is True and body["appointment"] == code and body["encoding_count"] == 2
    assert body["consent"] == {"text_version": "face-checkin-v1", "channel": "counter",
                               "consented_at": "2026-11-30T02:00:00+00:00", "display_name": None}
    assert body["replaced_earlier_enrollment"] is False
    assert enroll(floor, code, unit_vector(1)).json()["replaced_earlier_enrollment"] is True
    assert len(vault_files(container)) == 1
    event = face_events(container)[0]
    assert event.type == "face.enrolled"
    assert set(event.payload) == {"appointment_id", "customer_id", "consent_text_version", "consent_channel",
                                  "encoding_count", "display_name_given", "by_staff_id", "actor"}


def test_only_staff_of_the_branch_enroll_and_only_current_bookings(client, floor):
    code = book(client)
    assert enroll(floor, code, unit_vector(1), as_="kiosk-1").status_code == 403
    assert enroll(floor, "ZZZZZZ", unit_vector(1)).status_code == 404
    assert client.post(f"{BASE}/appointments/{code}/cancel", headers=floor.as_("teller1")).status_code == 200
    cancelled = enroll(floor, code, unit_vector(1))
    assert cancelled.status_code == 409 and cancelled.json()["field"] == "appointment"


# -- identification ------------------------------------------------------------------------------


def test_the_kiosk_recognises_an_enrolled_customer_and_checks_them_in_with_the_code(client, floor):
    face = unit_vector(1)
    code = book(client)
    assert enroll(floor, code, face, nudged(face, 2)).status_code == 201
    assert enroll(floor, book(client, phone="13900000000"), unit_vector(3)).status_code == 201
    response = identify(floor, nudged(face, 4))
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["recognised"] is True
    assert answer["appointment"]["code"] == code and answer["appointment"]["service"]["code"] == "cash"
    assert answer["appointment"]["slot_start"] == "2026-11-30T02:30:00+00:00"
    assert answer["distance"] < 0.2 and answer["margin"] > 1.0
    assert "王芳" not in response.text and "5678" not in response.text and "phone" not in response.text
    ticket = floor.issue(service=None, channel="appointment", appointment=answer["appointment"]["code"])
    assert ticket["channel"] == "appointment" and ticket["service"]["code"] == "cash"
    again = identify(floor, nudged(face, 5)).json()
    assert again == {"recognised": False, "reason": "no_appointment_due"}


def test_a_different_person_is_not_recognised(client, floor):
    assert enroll(floor, book(client), unit_vector(1)).status_code == 201
    response = identify(floor, unit_vector(2))
    assert response.status_code == 200 and response.json() == {"recognised": False, "reason": "no_match"}


def test_two_enrolled_lookalikes_are_treated_as_nobody(client, floor):
    face = unit_vector(1)
    assert enroll(floor, book(client), face).status_code == 201
    assert enroll(floor, book(client, phone="13900000000"), nudged(face, 2, per_number=0.003)).status_code == 201
    assert identify(floor, nudged(face, 3, per_number=0.003)).json() == {"recognised": False, "reason": "ambiguous"}


def test_a_recognised_customer_is_offered_the_appointment_only_within_the_check_in_window(client, floor, clock):
    face = unit_vector(1)
    code = book(client, slot="2026-11-30T14:00:00+08:00")  # four hours ahead: too early
    assert enroll(floor, code, face).status_code == 201
    assert identify(floor, face).json() == {"recognised": False, "reason": "no_appointment_due"}
    clock.advance(hours=2)  # 12:00, two hours before the slot
    assert identify(floor, face).json()["appointment"]["code"] == code
    clock.advance(hours=2, minutes=31)  # 14:31, a minute past the 30 minutes' grace
    assert identify(floor, face).json() == {"recognised": False, "reason": "no_appointment_due"}


def test_only_the_branch_kiosk_or_staff_may_identify(client, floor, container):
    assert enroll(floor, book(client), unit_vector(1)).status_code == 201
    assert identify(floor, unit_vector(1), as_="display-1").status_code == 403
    assert identify(floor, unit_vector(1), as_="teller1").json()["recognised"] is True
    with container.db.write() as session:
        session.add(Branch(code="north", name_zh="北区支行", name_en="North"))
    elsewhere = identify(floor, unit_vector(1), branch="north")
    assert elsewhere.status_code == 403
    assert client.post(f"{BASE}/branches/demo/faces/identify", json={"encoding": unit_vector(1).tolist()}).status_code == 401
    short = client.post(f"{BASE}/branches/demo/faces/identify", json={"encoding": [0.1] * 12},
                        headers=floor.as_("kiosk-1"))
    assert short.status_code == 422 and short.json()["field"] == "encoding"


# -- forgetting ----------------------------------------------------------------------------------


def test_a_forgotten_customer_is_no_longer_recognised_and_their_record_is_gone_from_disk(client, floor, container):
    face = unit_vector(1)
    code = book(client)
    assert enroll(floor, code, face).status_code == 201
    assert len(vault_files(container)) == 1
    response = forget(floor, code)
    assert response.status_code == 200 and response.json() == {"removed": True}
    assert vault_files(container) == []
    assert identify(floor, face).json() == {"recognised": False, "reason": "no_match"}
    assert forget(floor, code).json() == {"removed": False}
    forgotten = [event for event in face_events(container) if event.type == "face.forgotten"]
    assert [event.payload["removed"] for event in forgotten] == [True, False]


def test_a_teller_cannot_forget_a_customer(client, floor, container):
    code = book(client)
    assert enroll(floor, code, unit_vector(1)).status_code == 201
    assert forget(floor, code, as_="teller1").status_code == 403
    assert forget(floor, code, as_="kiosk-1").status_code == 403
    assert len(vault_files(container)) == 1
    assert forget(floor, code, as_="admin").json() == {"removed": True}


# -- at rest -------------------------------------------------------------------------------------


def test_the_vault_on_disk_holds_ciphertext_only(client, floor, container):
    face = unit_vector(1)
    code = book(client)
    assert enroll(floor, code, face).status_code == 201
    (path,) = vault_files(container)
    sealed = path.read_bytes()
    raw = face.astype("<f4").tobytes()
    assert raw not in sealed and base64.b64encode(raw) not in sealed
    assert not any(raw[start : start + 8] in sealed for start in range(0, len(raw), 4))
    assert b"consent" not in sealed and b"face-checkin-v1" not in sealed
    with container.db.read() as session:
        customer_id = session.scalar(select(Event.payload).where(Event.type == "face.enrolled"))["customer_id"]
    assert path.stem != str(customer_id) and len(path.stem) == 64


# -- real faces ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def photo_encodings() -> dict[str, np.ndarray]:
    """The single face of each test photo, encoded once for this module (dlib, ~0.2-0.5 s per photo)."""
    from hardware.face.encoding import analyze_single_face, load_image_file

    directory = Path(__file__).resolve().parents[2] / "data" / "faces"
    names = ("obama.jpg", "obama1.jpg", "obama2.jpg", "biden.jpg", "biden2.jpg")
    return {name: analyze_single_face(load_image_file(directory / name)).encoding for name in names}


@pytest.mark.face
def test_real_photos_find_the_right_customers_appointment(client, floor, photo_encodings):
    obama_code = book(client)
    assert enroll(floor, obama_code, photo_encodings["obama.jpg"], photo_encodings["obama1.jpg"]).status_code == 201
    assert identify(floor, photo_encodings["biden2.jpg"]).json() == {"recognised": False, "reason": "no_match"}
    biden_code = book(client, phone="13900000000")
    assert enroll(floor, biden_code, photo_encodings["biden.jpg"]).status_code == 201
    obama = identify(floor, photo_encodings["obama2.jpg"]).json()
    biden = identify(floor, photo_encodings["biden2.jpg"]).json()
    assert obama["recognised"] and obama["appointment"]["code"] == obama_code
    assert biden["recognised"] and biden["appointment"]["code"] == biden_code
    assert obama["distance"] < 0.6 and obama["margin"] >= 0.1


@pytest.mark.face
def test_a_real_face_forgotten_is_not_recognised_from_another_photo(client, floor, container, photo_encodings):
    code = book(client)
    assert enroll(floor, code, photo_encodings["biden.jpg"]).status_code == 201
    assert identify(floor, photo_encodings["biden2.jpg"]).json()["recognised"] is True
    assert forget(floor, code).json() == {"removed": True}
    assert vault_files(container) == []
    assert identify(floor, photo_encodings["biden2.jpg"]).json() == {"recognised": False, "reason": "no_match"}


# -- the greeting name chosen with the consent, and what the kiosk's menu says of face check-in ---


def test_a_recognised_customer_is_greeted_by_the_name_they_chose_never_their_full_name(client, floor, container):
    face = unit_vector(1)
    code = book(client)
    enrolled = enroll(floor, code, face, consent={**CONSENT, "display_name": "  王女士 "})
    assert enrolled.status_code == 201, enrolled.text
    assert enrolled.json()["consent"]["display_name"] == "王女士"
    answer = identify(floor, nudged(face, 4)).json()
    assert answer["recognised"] is True and answer["display_name"] == "王女士"
    assert "王芳" not in json.dumps(answer)
    assert face_events(container)[0].payload["display_name_given"] is True
    assert "王女士" not in json.dumps(face_events(container)[0].payload)  # the name stays in the sealed record


def test_a_customer_who_chose_no_greeting_name_is_recognised_without_one(client, floor):
    face = unit_vector(1)
    assert enroll(floor, book(client), face).status_code == 201
    assert identify(floor, face).json()["display_name"] is None


@pytest.mark.parametrize(
    ("display_name", "code"),
    [("王芳", "face.display_name_is_full_name"), ("王 芳", "face.display_name_is_full_name"),
     ("王\u202e女士", "text.bidi_control"), ("王女士" * 7, "text.too_long"), ("王\u200b女士", "text.invisible_character")],
)
def test_a_greeting_name_is_cleaned_bounded_and_never_the_full_name(client, floor, display_name, code):
    response = enroll(floor, book(client), unit_vector(1), consent={**CONSENT, "display_name": display_name})
    assert response.status_code == 422, response.text
    assert (response.json()["code"], response.json()["field"]) == (code, "consent.display_name")
    assert enroll(floor, book(client, phone="13900000000"), unit_vector(2)).status_code == 201


def test_the_menu_offers_face_check_in_once_someone_is_enrolled(client, floor):
    def offer():  # type: ignore[no-untyped-def]
        return client.get(f"{BASE}/branches/demo/services").json()["face_check_in"]

    assert offer() == {"enabled": True, "enrolled": False}
    code = book(client)
    assert enroll(floor, code, unit_vector(1)).status_code == 201
    assert offer() == {"enabled": True, "enrolled": True}
    assert forget(floor, code).status_code == 200
    assert offer() == {"enabled": True, "enrolled": False}


def test_the_menu_does_not_offer_face_check_in_when_it_is_switched_off(client, container):
    container.faces.config = type(container.faces.config)(**{**container.faces.config.__dict__, "enabled": False})
    assert client.get(f"{BASE}/branches/demo/services").json()["face_check_in"] == {"enabled": False, "enrolled": False}
