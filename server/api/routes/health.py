from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text

from server.api.deps import Allowed, ContainerDep
from server.services.auth import Principal
from server.services.permissions import Operation

router = APIRouter(tags=["health"])


@router.get("/health")
def health(container: ContainerDep, _: Principal | None = Allowed(Operation.HEALTH)) -> dict[str, str]:
    """Liveness and database reachability, for load balancers and the kiosk's start-up check."""
    with container.db.read() as session:
        session.execute(text("SELECT 1"))
    return {"status": "ok", "database": container.db.dialect}
