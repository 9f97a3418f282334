"""Face check-in on the server: consented enrollment, identification for a branch's kiosk, forgetting.

The kiosk computes the 128-number encoding itself (dlib, after its liveness check) and asks the server who
it is; the server holds the gallery. The gallery is filled once, lazily, from the encrypted vault
(`server.biometrics`) and kept in step with it by every enrollment and deletion, so a forgotten face is
gone from disk and memory together.

A kiosk learns only what check-in needs: the appointment due now at its branch, never a name or phone.
A match counts only with a clear margin to the next enrolled customer: when two enrolled people look alike
the answer is "not recognised" and the customer types their code, because checking in a lookalike's
appointment is worse than asking.

Errors are the domain's (mapped to HTTP by server/api/errors.py), with one of this module's own:

    ConflictError                 (server/domain/errors.py)
    └── FaceCheckInUnavailable    face check-in is switched off, or the vault cannot be opened (HTTP 409)

Bad encodings or consent are `InvalidInput` naming the field; the wrong role or branch `PermissionDenied`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from server.biometrics.encodings import ENCODING_DIMENSION, as_encoding
from server.biometrics.errors import FaceVaultError, InvalidEncoding, VaultRecordUnreadable
from server.biometrics.gallery import FaceGallery, Identification
from server.biometrics.vault import (
    ConsentChannel,
    ConsentRecord,
    EnrollmentRecord,
    FaceVault,
    FileRecordStore,
    VaultKey,
)
from server.db.models import Appointment, Customer
from server.domain.enums import AppointmentStatus, EventType
from server.domain.errors import ConflictError, InvalidInput, NotFound
from server.domain.text import TextRule, clean_text
from server.services import views
from server.services.auth import Principal
from server.services.lookups import appointment_by_code, branch_by_code
from server.services.permissions import Operation, Target, authorize, check_role
from server.services.tickets import APPOINTMENT_EARLY, APPOINTMENT_LATE
from server.services.unit_of_work import Actor, Changes
from server.settings import Settings

log = logging.getLogger("branchq.faces")

MAX_DISPLAY_NAME_LENGTH = 20
DISPLAY_NAME_RULE = TextRule(MAX_DISPLAY_NAME_LENGTH, name=True)
"""The name a customer chooses to be greeted by at the kiosk: one line, nothing invisible, short."""

MAX_ENROLLMENT_ENCODINGS = 5
"""Enough photos to cover glasses on and off or two lighting conditions; more only slows every query."""

ENROLLABLE = (AppointmentStatus.BOOKED, AppointmentStatus.CHECKED_IN)


class FaceCheckInUnavailable(ConflictError):
    """Face check-in cannot be used right now (switched off, or the vault cannot be opened)."""


class UnrecognisedReason(StrEnum):
    """Why a kiosk's face was not matched to an appointment; the kiosk picks its message from this."""

    NO_MATCH = "no_match"
    """Nobody enrolled is close enough."""
    AMBIGUOUS = "ambiguous"
    """Two enrolled customers are nearly as close: treated as nobody."""
    NO_APPOINTMENT_DUE = "no_appointment_due"
    """Recognised, but no booked appointment at this branch can be checked in now."""


@dataclass(frozen=True)
class FaceConfig:
    """The face settings the service needs, taken from `Settings` once.

    Attributes:
        vault_key: None when no key is configured (production with face check-in off).
        key_is_ephemeral: the key was generated for this run; records sealed with it die with the process.
    """

    enabled: bool
    vault_dir: Path
    vault_key: VaultKey | None
    key_is_ephemeral: bool
    match_threshold: float
    min_margin: float

    @classmethod
    def from_settings(cls, settings: Settings) -> FaceConfig:
        key = VaultKey.from_base64(settings.face_vault_key) if settings.face_vault_key else None
        return cls(
            enabled=settings.face_enabled,
            vault_dir=Path(settings.face_vault_dir),
            vault_key=key,
            key_is_ephemeral=settings.face_vault_key_generated,
            match_threshold=settings.face_match_threshold,
            min_margin=settings.face_min_margin,
        )


class FaceService:
    """Enrollment, identification and deletion of customers' face encodings; safe to share between threads.

    The vault is opened and the gallery loaded on first use, once. Enrollments and deletions are
    serialised by one lock, so the file on disk and the rows in memory never disagree.
    """

    def __init__(self, changes: Changes, config: FaceConfig) -> None:
        self.changes = changes
        self.config = config
        self._lock = threading.RLock()
        self._vault: FaceVault | None = None

    # -- enrollment ----------------------------------------------------------------------------

    def enroll_for_appointment(
        self,
        code: str,
        encodings: Sequence[Sequence[float]],
        consent_text_version: str,
        channel: ConsentChannel,
        principal: Principal,
        display_name: str = "",
    ) -> dict[str, Any]:
        """Enroll the appointment's customer with the consent staff recorded just now, and the name the
        customer chose to be greeted by at the kiosk (optional; never their full name).

        Re-enrolling replaces the earlier encodings. If the change cannot be committed, the customer's face
        data is deleted again (the earlier enrollment too): no face is kept without the event recording its
        consent, and staff simply enroll again.
        """
        check_role(principal, Operation.ENROLL_FACE)
        self._require_enabled()
        matrix = checked_enrollment_encodings(encodings)
        text_version = checked_consent_text_version(consent_text_version)
        greeting = checked_display_name(display_name)
        branch_id = self._appointment_branch(code)
        authorize(principal, Operation.ENROLL_FACE, Target(branch_id))
        vault = self._loaded_vault()
        stored_for: list[str] = []
        try:
            with self.changes.begin(branch_id, actor=Actor.of(principal)) as change:
                appointment = appointment_by_code(change.session, code)
                customer_id = _enrollable_customer(appointment)
                _refuse_full_name(change.session.get(Customer, int(customer_id)), greeting)
                consent = ConsentRecord(customer_id, text_version, change.now, ConsentChannel(channel), greeting)
                with self._lock:
                    replaced = customer_id in vault.gallery
                    stored_for.append(customer_id)
                    vault.enroll(customer_id, matrix, consent=consent)
                change.record(EventType.FACE_ENROLLED, _enrolled_event(appointment, consent, matrix, principal))
                return _enrollment_view(appointment.code, consent, matrix, replaced)
        except BaseException:
            for customer_id in stored_for:
                self._discard(customer_id)
            raise

    # -- identification ------------------------------------------------------------------------

    def identify_at_branch(self, branch_code: str, encoding: Sequence[float], principal: Principal) -> dict[str, Any]:
        """Who is at this branch's kiosk, as far as check-in needs: their appointment due now, or why not."""
        check_role(principal, Operation.IDENTIFY_FACE)
        self._require_enabled()
        with self.changes.db.read() as session:
            branch_id = branch_by_code(session, branch_code).id
        authorize(principal, Operation.IDENTIFY_FACE, Target(branch_id))
        query = checked_encoding(encoding, field="encoding")
        found = self._identify_enrolled(query)
        if found is None:
            return _unrecognised(UnrecognisedReason.NO_MATCH)
        identification, record = found
        if identification.margin < self.config.min_margin:
            return _unrecognised(UnrecognisedReason.AMBIGUOUS)
        if not identification.customer_id.isdigit():  # a record not enrolled through this server
            return _unrecognised(UnrecognisedReason.NO_APPOINTMENT_DUE)
        with self.changes.db.read() as session:
            appointment = due_appointment(session, branch_id, int(identification.customer_id), self.changes.clock())
            if appointment is None:
                return _unrecognised(UnrecognisedReason.NO_APPOINTMENT_DUE)
            return _recognised(appointment, identification, record.consent.display_name)

    def _identify_enrolled(self, query: np.ndarray) -> tuple[Identification, EnrollmentRecord] | None:
        """The gallery's best match whose record is still in the vault, with that record.

        Another server process sharing the vault directory may have forgotten a customer this process
        still holds in memory; the record file is the truth, so such a match is dropped and the search
        repeated. Costs one file read and decryption per recognised face.
        """
        vault = self._loaded_vault()
        while (identification := vault.gallery.identify(query)) is not None:
            customer_id = identification.customer_id
            record = _readable_record(vault, customer_id)
            if record is not None:
                return identification, record
            with self._lock:  # checked again: this process may have just enrolled the customer anew
                if _readable_record(vault, customer_id) is None:
                    log.info("face vault: a customer without a readable record is dropped from the gallery")
                    vault.gallery.remove(customer_id)
        return None

    # -- forgetting ----------------------------------------------------------------------------

    def forget_by_appointment(self, code: str, principal: Principal) -> dict[str, Any]:
        """The customer of this appointment asked to be forgotten."""
        check_role(principal, Operation.FORGET_FACE)
        with self.changes.db.read() as session:
            appointment = appointment_by_code(session, code)
            if appointment.customer_id is None:
                raise ConflictError(
                    "this appointment has no customer on record", field="appointment",
                    code="face.appointment_without_customer",
                )
            customer_id, branch_id = appointment.customer_id, appointment.branch_id
        return self._forget(customer_id, branch_id, principal)

    def forget_customer(self, customer_id: int, principal: Principal) -> dict[str, Any]:
        """Delete a customer's face data; the request is recorded at the branch of their latest booking."""
        check_role(principal, Operation.FORGET_FACE)
        with self.changes.db.read() as session:
            if session.get(Customer, customer_id) is None:
                raise NotFound(
                    f"customer {customer_id} does not exist", field="customer_id",
                    code="face.customer_not_found", params={"customer_id": customer_id},
                )
            branch_id = session.scalar(
                select(Appointment.branch_id)
                .where(Appointment.customer_id == customer_id)
                .order_by(Appointment.slot_start.desc())
                .limit(1)
            )
        if branch_id is None:
            raise NotFound(
                f"customer {customer_id} has no appointment at any branch", field="customer_id",
                code="face.customer_without_appointment", params={"customer_id": customer_id},
            )
        return self._forget(customer_id, branch_id, principal)

    def _forget(self, customer_id: int, branch_id: int, principal: Principal) -> dict[str, Any]:
        """Deletion first, then its record: should the commit fail, the face is gone anyway (privacy wins)."""
        authorize(principal, Operation.FORGET_FACE, Target(branch_id))
        vault = self._loaded_vault()
        with self.changes.begin(branch_id, actor=Actor.of(principal)) as change:
            with self._lock:
                removed = vault.forget(str(customer_id))
            change.record(
                EventType.FACE_FORGOTTEN,
                {"customer_id": customer_id, "removed": removed, "by_staff_id": principal.account_id},
            )
        return {"removed": removed}

    # -- the vault -----------------------------------------------------------------------------

    def enrolled_customer_count(self) -> int:
        """How many customers this process's gallery holds (opens the vault if not yet open)."""
        return self._loaded_vault().gallery.customer_count

    def kiosk_offer(self) -> dict[str, bool]:
        """Whether a kiosk should offer face check-in: switched on, the vault usable, someone enrolled.

        Never raises: a vault that cannot be opened means the kiosk does not offer it (the reason is
        logged, and staff see it when they try to enroll)."""
        if not self.config.enabled:
            return {"enabled": False, "enrolled": False}
        try:
            enrolled = self.enrolled_customer_count() > 0
        except FaceCheckInUnavailable:
            return {"enabled": False, "enrolled": False}
        return {"enabled": True, "enrolled": enrolled}

    def _require_enabled(self) -> None:
        if not self.config.enabled:
            raise FaceCheckInUnavailable(
                "face check-in is switched off on this server (BRANCHQ_FACE_ENABLED); use the appointment code",
                field="face", code="face.disabled",
            )

    def _loaded_vault(self) -> FaceVault:
        vault = self._vault
        if vault is not None:
            return vault
        with self._lock:
            if self._vault is None:
                self._vault = self._open_vault()
            return self._vault

    def _open_vault(self) -> FaceVault:
        key = self.config.vault_key
        if key is None:
            raise FaceCheckInUnavailable(
                "no face vault key is configured; set BRANCHQ_FACE_VAULT_KEY to the key the records were "
                "sealed with", field="face", code="face.no_vault_key",
            )
        try:
            vault = FaceVault(FileRecordStore(self.config.vault_dir), key, FaceGallery(self.config.match_threshold))
            result = vault.load_gallery()
        except VaultRecordUnreadable as error:
            self._refuse_unless_ephemeral(error)
            return vault  # empty: no record opened
        except OSError as error:
            raise FaceCheckInUnavailable(
                f"the face vault directory {self.config.vault_dir} cannot be used ({error.strerror}); "
                "check BRANCHQ_FACE_VAULT_DIR and its permissions", field="face",
                code="face.vault_dir_unusable",
                params={"vault_dir": str(self.config.vault_dir), "reason": str(error.strerror)},
            ) from error
        if result.unreadable_record_keys:
            log.error("face vault: %d records cannot be opened and were skipped: %s",
                      len(result.unreadable_record_keys), ", ".join(result.unreadable_record_keys))
        log.info("face vault %s: %d customers loaded", self.config.vault_dir, result.loaded_customers)
        self._warn_if_ephemeral()
        return vault

    def _refuse_unless_ephemeral(self, error: VaultRecordUnreadable) -> None:
        """No record opens. With a key made up for this run that is expected (the old key died with the last
        process), so the gallery starts empty. With a configured key it is a wrong key or damaged files."""
        if not self.config.key_is_ephemeral:
            log.error("face vault cannot be opened: %s", error)
            raise FaceCheckInUnavailable(
                "face check-in is unavailable: the face vault cannot be opened with the configured key; "
                "check BRANCHQ_FACE_VAULT_KEY", field="face", code="face.vault_key_wrong",
            ) from error
        log.warning("face vault: records of earlier runs cannot be opened with this run's generated key; "
                    "starting with an empty gallery")
        self._warn_if_ephemeral()

    def _warn_if_ephemeral(self) -> None:
        if self.config.key_is_ephemeral:
            log.warning("face vault key generated for this run (no BRANCHQ_FACE_VAULT_KEY): faces enrolled now "
                        "cannot be read after a restart")

    def _discard(self, customer_id: str) -> None:
        with self._lock:
            self._loaded_vault().forget(customer_id)

    def _appointment_branch(self, code: str) -> int:
        with self.changes.db.read() as session:
            return appointment_by_code(session, code).branch_id


# -- input checks (pure) -------------------------------------------------------------------------


def checked_encoding(values: object, *, field: str) -> np.ndarray:
    """`values` as a finite 128-number float32 vector, or `InvalidInput` naming `field`."""
    try:
        with np.errstate(over="ignore"):  # a number too large for float32 becomes inf, refused below
            return as_encoding(values)
    except InvalidEncoding as error:
        raise InvalidInput(
            f"{error.message}; send the {ENCODING_DIMENSION} numbers the kiosk's face encoder produced",
            field=field, code="face.encoding_invalid",
            params={"reason": error.message, "dimension": ENCODING_DIMENSION},
        ) from None
    except (TypeError, ValueError):
        raise InvalidInput(
            f"a face encoding must be a list of {ENCODING_DIMENSION} numbers", field=field,
            code="face.encoding_not_list", params={"dimension": ENCODING_DIMENSION},
        ) from None


def checked_enrollment_encodings(encodings: Sequence[Sequence[float]]) -> np.ndarray:
    """1 to `MAX_ENROLLMENT_ENCODINGS` valid encodings as an (n, 128) matrix; errors name the bad one."""
    if not 1 <= len(encodings) <= MAX_ENROLLMENT_ENCODINGS:
        raise InvalidInput(
            f"enroll with 1 to {MAX_ENROLLMENT_ENCODINGS} face encodings, got {len(encodings)}",
            field="encodings",
            code="face.encoding_count", params={"max": MAX_ENROLLMENT_ENCODINGS, "count": len(encodings)},
        )
    return np.stack([checked_encoding(row, field=f"encodings.{index}") for index, row in enumerate(encodings)])


def checked_display_name(display_name: str | None) -> str:
    """The greeting name cleaned and bounded like every name (`server.domain.text`); empty when none given."""
    return clean_text(display_name or "", DISPLAY_NAME_RULE, field="consent.display_name")


def _refuse_full_name(customer: Customer | None, display_name: str) -> None:
    """The kiosk greets people in a public lobby: the name shown must not be the customer's full name."""
    if customer is None or not display_name:
        return
    if "".join(display_name.split()).casefold() == "".join(customer.name.split()).casefold():
        raise InvalidInput(
            "the greeting name is the customer's full name; choose a shorter form (王女士, Ms Wang)",
            field="consent.display_name", code="face.display_name_is_full_name",
        )


def checked_consent_text_version(text_version: str) -> str:
    if not text_version or not text_version.strip():
        raise InvalidInput(
            "record which consent text the customer agreed to before enrolling their face",
            field="consent.text_version", code="face.consent_missing",
        )
    return text_version.strip()


# -- lookups and views ---------------------------------------------------------------------------


def due_appointment(session: Session, branch_id: int, customer_id: int, now: datetime) -> Appointment | None:
    """The customer's booked appointment at this branch that may be checked in now (the window of
    `server.services.tickets`: 2 hours early to 30 minutes late); the one nearest to now if several."""
    candidates = session.scalars(
        select(Appointment)
        .options(selectinload(Appointment.service))
        .where(
            Appointment.customer_id == customer_id,
            Appointment.branch_id == branch_id,
            Appointment.status == AppointmentStatus.BOOKED,
            Appointment.slot_start >= now - APPOINTMENT_LATE,
            Appointment.slot_start <= now + APPOINTMENT_EARLY,
        )
    ).all()
    return min(candidates, key=lambda appointment: abs(appointment.slot_start - now), default=None)


def _enrollable_customer(appointment: Appointment) -> str:
    if appointment.status not in ENROLLABLE:
        raise ConflictError(
            f"this appointment is {appointment.status.value}; enroll a face only for a current booking",
            field="appointment", code="face.appointment_not_current",
            params={"status": appointment.status.value},
        )
    if appointment.customer_id is None:
        raise ConflictError(
            "this appointment has no customer on record", field="appointment",
            code="face.appointment_without_customer"
        )
    return str(appointment.customer_id)


def _readable_record(vault: FaceVault, customer_id: str) -> EnrollmentRecord | None:
    try:
        return vault.record_of(customer_id)
    except FaceVaultError:  # unreadable now: identifying by it cannot be justified
        return None


def _enrolled_event(
    appointment: Appointment, consent: ConsentRecord, matrix: np.ndarray, principal: Principal
) -> dict[str, Any]:
    """The audit trail of a consent: who, which text, where; never an encoding."""
    return {
        "appointment_id": appointment.id,
        "customer_id": appointment.customer_id,
        "consent_text_version": consent.consent_text_version,
        "consent_channel": consent.channel.value,
        "encoding_count": int(matrix.shape[0]),
        "display_name_given": bool(consent.display_name),  # the name itself stays in the sealed record
        "by_staff_id": principal.account_id,
    }


def _enrollment_view(code: str, consent: ConsentRecord, matrix: np.ndarray, replaced: bool) -> dict[str, Any]:
    return {
        "enrolled": True,
        "appointment": code,
        "encoding_count": int(matrix.shape[0]),
        "replaced_earlier_enrollment": replaced,
        "consent": {
            "text_version": consent.consent_text_version,
            "channel": consent.channel.value,
            "consented_at": consent.consented_at.isoformat(),
            "display_name": consent.display_name or None,
        },
    }


def _unrecognised(reason: UnrecognisedReason) -> dict[str, Any]:
    return {"recognised": False, "reason": reason.value}


def _recognised(appointment: Appointment, identification: Identification, display_name: str) -> dict[str, Any]:
    """No full name, no phone: the kiosk greets by the name the customer chose when consenting (None if they
    chose none), checks in with the code and shows the service and time."""
    margin = None if identification.margin == float("inf") else round(identification.margin, 4)
    return {
        "recognised": True,
        "display_name": display_name or None,
        "appointment": {
            "code": appointment.code,
            "service": views.service_summary(appointment.service),
            "slot_start": appointment.slot_start.isoformat(),
        },
        "distance": round(identification.distance, 4),
        "margin": margin,
    }
