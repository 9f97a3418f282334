"""Face check-in: staff enroll a consenting customer, a kiosk asks who is in front of it, a manager
deletes a customer's face data on request. The logic lives in `server.services.faces`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from server.api.deps import Allowed, ContainerDep
from server.api.schemas import FaceEnrollmentBody, FaceIdentifyBody
from server.services.auth import Principal
from server.services.permissions import Operation

router = APIRouter(tags=["faces"])


@router.post("/appointments/{code}/face", status_code=201)
def enroll_face(
    code: str, body: FaceEnrollmentBody, container: ContainerDep, principal: Principal = Allowed(Operation.ENROLL_FACE)
) -> dict[str, Any]:
    """Enroll the appointment's customer, who has just consented (text version and channel recorded)."""
    return container.faces.enroll_for_appointment(
        code, body.encodings, body.consent.text_version, body.consent.channel, principal,
        display_name=body.consent.display_name or "",
    )


@router.post("/branches/{code}/faces/identify")
def identify_face(
    code: str, body: FaceIdentifyBody, container: ContainerDep, principal: Principal = Allowed(Operation.IDENTIFY_FACE)
) -> dict[str, Any]:
    """The branch's kiosk (or staff): the appointment due now for this face, or why there is none."""
    return container.faces.identify_at_branch(code, body.encoding, principal)


@router.delete("/appointments/{code}/face")
def forget_face(
    code: str, container: ContainerDep, principal: Principal = Allowed(Operation.FORGET_FACE)
) -> dict[str, Any]:
    """The customer asked to be forgotten: their face data leaves the vault and the gallery."""
    return container.faces.forget_by_appointment(code, principal)
