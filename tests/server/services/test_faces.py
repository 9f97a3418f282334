"""FaceService without HTTP: the vault's lifetime (lazy, once, across restarts and keys), switching face
check-in off, and what a failed enrollment leaves behind."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select

from server.biometrics import ConsentChannel, FileRecordStore, VaultKey
from server.container import Container, build_container
from server.db.models import Appointment, Device, Staff
from server.domain.errors import InvalidInput, NotFound
from server.services import faces
from server.services.appointments import BookingRequest
from server.services.auth import PermissionDenied, Principal, load_principal
from server.services.faces import (
    FaceCheckInUnavailable,
    checked_consent_text_version,
    checked_enrollment_encodings,
)
from server.settings import Settings, load_settings

SLOT = datetime(2026, 11, 30, 2, 30, tzinfo=UTC)  # half an hour after the test clock


def rebuilt(settings: Settings, **changes: object) -> Settings:
    """`settings` with `changes`, validated again as at a server start."""
    return load_settings(**{**settings.model_dump(), **changes})


@pytest.fixture
def settings(settings, tmp_path):  # type: ignore[no-untyped-def]
    """The test settings with a configured vault key and the vault in this test's own directory."""
    return rebuilt(settings, face_vault_dir=tmp_path / "face-vault", face_vault_key=VaultKey.generate().to_base64())


@pytest.fixture
def restart(settings, clock) -> Iterator:  # type: ignore[no-untyped-def]
    """Builds another server process's container on the same database and vault directory."""
    built: list[Container] = []

    def build(**changes: object) -> Container:
        container = build_container(rebuilt(settings, **changes), clock=clock, migrate=False)
        built.append(container)
        return container

    yield build
    for container in built:
        container.close()


def principal(container: Container, username: str) -> Principal:
    with container.db.read() as session:
        staff_id = session.scalar(select(Staff.id).where(Staff.username == username))
        if staff_id is not None:
            return load_principal(session, "staff", staff_id)
        return load_principal(session, "device", session.scalar(select(Device.id).where(Device.username == username)))


def unit_vector(seed: int) -> np.ndarray:
    vector = np.random.default_rng(seed).normal(size=128)
    return (vector / np.linalg.norm(vector)).astype(np.float32)


def booked_code(container: Container, phone: str = "13812345678") -> str:
    return container.appointments.book(BookingRequest("demo", "cash", SLOT, "李雷", phone))["code"]


def enroll(container: Container, code: str, face: np.ndarray) -> dict:
    return container.faces.enroll_for_appointment(
        code, [face.tolist()], "face-checkin-v1", ConsentChannel.COUNTER, principal(container, "teller1")
    )


def identify(container: Container, face: np.ndarray) -> dict:
    return container.faces.identify_at_branch("demo", face.tolist(), principal(container, "kiosk-1"))


def test_the_vault_is_opened_on_first_use_not_when_the_server_is_built(container, settings):
    assert not Path(settings.face_vault_dir).exists()
    assert identify(container, unit_vector(1)) == {"recognised": False, "reason": "no_match"}
    assert Path(settings.face_vault_dir).is_dir()


def test_concurrent_first_requests_load_the_gallery_once(container, monkeypatch):
    loads: list[int] = []
    second_load_started = threading.Event()

    class CountingStore(FileRecordStore):
        def record_keys(self) -> Iterator[str]:
            """The first load lingers until a second one starts (or half a second passes), so an unguarded
            lazy load would be caught loading twice rather than slip through by timing."""
            loads.append(1)
            if len(loads) > 1:
                second_load_started.set()
            else:
                second_load_started.wait(timeout=0.5)
            return super().record_keys()

    monkeypatch.setattr(faces, "FileRecordStore", CountingStore)
    kiosk = principal(container, "kiosk-1")
    start = threading.Barrier(4)
    answers: list[dict] = []

    def ask() -> None:
        start.wait()
        answers.append(container.faces.identify_at_branch("demo", unit_vector(1).tolist(), kiosk))

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(answers) == 4 and loads == [1]


def test_a_restarted_server_with_the_same_key_still_recognises_enrolled_customers(container, restart):
    code = booked_code(container)
    enroll(container, code, unit_vector(1))
    answer = identify(restart(), unit_vector(1))
    assert answer["recognised"] is True and answer["appointment"]["code"] == code


def test_a_customer_forgotten_by_one_server_process_is_not_recognised_by_another(container, restart):
    code = booked_code(container)
    enroll(container, code, unit_vector(1))
    other_process = restart()
    assert identify(other_process, unit_vector(1))["recognised"] is True
    assert container.faces.forget_by_appointment(code, principal(container, "manager")) == {"removed": True}
    assert identify(other_process, unit_vector(1)) == {"recognised": False, "reason": "no_match"}
    assert other_process.faces.enrolled_customer_count() == 0


def test_a_configured_key_that_opens_no_record_stops_face_check_in_with_advice(container, restart):
    enroll(container, booked_code(container), unit_vector(1))
    wrong_key = restart(face_vault_key=VaultKey.generate().to_base64())
    with pytest.raises(FaceCheckInUnavailable, match="BRANCHQ_FACE_VAULT_KEY"):
        identify(wrong_key, unit_vector(1))


def test_a_key_generated_for_this_run_starts_empty_and_says_why(container, restart, caplog):
    enroll(container, booked_code(container), unit_vector(1))
    next_run = restart(face_vault_key="")
    assert next_run.settings.face_vault_key_generated
    with caplog.at_level(logging.WARNING, logger="branchq.faces"):
        assert identify(next_run, unit_vector(1)) == {"recognised": False, "reason": "no_match"}
    assert "cannot be read after a restart" in caplog.text and "empty gallery" in caplog.text


def test_switched_off_face_check_in_refuses_enrollment_and_identification_but_still_forgets(container, restart):
    code = booked_code(container)
    enroll(container, code, unit_vector(1))
    switched_off = restart(face_enabled=False)
    with pytest.raises(FaceCheckInUnavailable, match="BRANCHQ_FACE_ENABLED"):
        identify(switched_off, unit_vector(1))
    with pytest.raises(FaceCheckInUnavailable):
        enroll(switched_off, code, unit_vector(1))
    assert switched_off.faces.forget_by_appointment(code, principal(switched_off, "manager")) == {"removed": True}
    assert list(Path(container.settings.face_vault_dir).glob("*.face")) == []


def test_an_enrollment_whose_change_fails_leaves_no_face_behind(container, monkeypatch):
    code = booked_code(container)

    def broken_event(*_: object) -> dict:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(faces, "_enrolled_event", broken_event)
    with pytest.raises(RuntimeError):
        enroll(container, code, unit_vector(1))
    assert list(Path(container.settings.face_vault_dir).glob("*.face")) == []
    assert identify(container, unit_vector(1)) == {"recognised": False, "reason": "no_match"}


def test_a_customer_is_forgotten_by_customer_id_too(container):
    code = booked_code(container)
    enroll(container, code, unit_vector(1))
    with container.db.read() as session:
        customer_id = session.scalar(select(Appointment.customer_id).where(Appointment.code == code))
    manager = principal(container, "manager")
    assert container.faces.forget_customer(customer_id, manager) == {"removed": True}
    assert identify(container, unit_vector(1))["reason"] == "no_match"
    with pytest.raises(NotFound):
        container.faces.forget_customer(customer_id + 1000, manager)
    with pytest.raises(PermissionDenied):
        container.faces.forget_customer(customer_id, principal(container, "teller1"))


def test_encodings_and_consent_are_checked_before_anything_is_stored():
    with pytest.raises(InvalidInput) as empty:
        checked_enrollment_encodings([])
    assert empty.value.field == "encodings"
    with pytest.raises(InvalidInput) as words:
        checked_enrollment_encodings([unit_vector(1).tolist(), ["a"] * 128])
    assert words.value.field == "encodings.1"
    with pytest.raises(InvalidInput) as blank:
        checked_consent_text_version(" ")
    assert blank.value.field == "consent.text_version"
    assert checked_enrollment_encodings([unit_vector(1).tolist()] * 5).shape == (5, 128)
