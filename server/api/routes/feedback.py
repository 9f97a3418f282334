"""`GET /api/v1/feedback/reasons`: the one list of rating reasons every screen offers."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from server.api.deps import Allowed
from server.services.auth import Principal
from server.services.feedback import reasons_view
from server.services.permissions import Operation

router = APIRouter(prefix="/feedback", tags=["feedback"])


@router.get("/reasons")
def rating_reasons(_: Principal | None = Allowed(Operation.RATING_REASONS)) -> dict[str, Any]:
    """Public: the reasons a customer may give with a rating, by category, labelled in both languages."""
    return reasons_view()
