"""The `Idempotency-Key` header of create requests, at the route's edge (`server.services.idempotency`
keeps the keys). A route runs its service through `idempotent(...)`; a replayed answer carries the header
`Idempotent-Replayed: true`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Annotated, Any

from fastapi import Header, Response

from server.container import Container
from server.services.auth import Principal
from server.services.idempotency import KEY_HEADER, REPLAYED_HEADER
from server.services.permissions import Operation

IdempotencyKeyHeader = Annotated[
    str | None,
    Header(alias=KEY_HEADER, description="16 to 64 of A-Z a-z 0-9 _ -: a retry with the same key acts once"),
]


def idempotent(
    container: Container, response: Response, principal: Principal | None, operation: Operation, key: str | None,
    request: Mapping[str, Any], action: Callable[[], dict[str, Any]],
) -> dict[str, Any]:
    answer, replayed = container.idempotency.run(principal, operation.value, key, request, action)
    if replayed:
        response.headers[REPLAYED_HEADER] = "true"
    return answer
