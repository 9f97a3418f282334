"""`WS /api/v1/branches/{code}/events?since=SEQ`: every committed event of a branch, in order.

A client that reconnects with the last `seq` it saw gets everything it missed from the event log,
then live events, with nothing lost and nothing twice. The hub may deliver live events slightly out
of order (two commits publishing at once), so a gap is filled from the log and late duplicates are
dropped by sequence number.

Each subscriber receives its audience's view of every event (`views.event_data`): the log keeps the
whole payload, staff get it as recorded, kiosks and displays only the fields their view allows (never
notes, names, phones, call facts, staff ids or who acted). Stripping happens here, per subscriber, so
services record one complete event and the audit trail stays whole.

Estimates (`estimates.changed`) are derived data, re-estimated after commit and coalesced per branch
(`server/services/estimates.py`): they are logged like any event, in a transaction of their own, so they
arrive a few events after the change that moved them, and ticket events carry no estimate of their own.
A client that needs the current estimates at once (after a restore, say) reads `GET .../queue`.
"""

from __future__ import annotations

import asyncio
import contextlib

from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from starlette.concurrency import run_in_threadpool

from server.api.deps import websocket_principal
from server.api.errors import status_for
from server.container import Container
from server.domain.errors import DomainError
from server.events.hub import PublishedEvent, Subscription, SubscriptionOverflow
from server.services.event_log import events_after, latest_seq
from server.services import views
from server.services.lookups import branch_by_code
from server.services.permissions import Operation, Target, audience_of, authorize

router = APIRouter(tags=["events"])


def _authorised_branch(container: Container, websocket: WebSocket, code: str) -> tuple[int, views.Audience]:
    """The branch, and the audience whose view of each event this subscriber gets (devices: no personal data)."""
    principal = websocket_principal(websocket, container)
    with container.db.read() as session:
        branch_id = branch_by_code(session, code).id
    authorize(principal, Operation.BRANCH_EVENTS, Target(branch_id))
    return branch_id, audience_of(principal)


@router.websocket("/branches/{code}/events")
async def branch_events(websocket: WebSocket, code: str, since: int | None = None) -> None:
    container: Container = websocket.app.state.container
    try:
        branch_id, audience = await run_in_threadpool(_authorised_branch, container, websocket, code)
    except DomainError as error:
        await websocket.close(code=4000 + status_for(error), reason=error.message)
        return
    subscription = container.hub.subscribe(branch_id)
    try:
        await websocket.accept()
        stream = _Stream(websocket, container, branch_id, audience)
        await stream.run(subscription, since)
    finally:
        container.hub.unsubscribe(subscription)


class _Stream:
    def __init__(self, websocket: WebSocket, container: Container, branch_id: int, audience: views.Audience) -> None:
        self.websocket = websocket
        self.container = container
        self.branch_id = branch_id
        self.audience = audience
        self.last_seq = 0

    async def run(self, subscription: Subscription, since: int | None) -> None:
        if since is None:
            self.last_seq = await run_in_threadpool(latest_seq, self.container.db, self.branch_id)
        else:
            self.last_seq = max(0, since)
            await self._catch_up(None)
        reader = asyncio.create_task(self._watch_client())
        try:
            await self._forward(subscription, reader)
        finally:
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, WebSocketDisconnect):
                await reader

    async def _forward(self, subscription: Subscription, reader: asyncio.Task[None]) -> None:
        while True:
            waiter = asyncio.create_task(subscription.next())
            done, _ = await asyncio.wait({waiter, reader}, return_when=asyncio.FIRST_COMPLETED)
            if reader in done:
                waiter.cancel()
                return
            try:
                event = waiter.result()
            except SubscriptionOverflow:
                await self.websocket.close(code=4429, reason=f"too slow; reconnect with since={self.last_seq}")
                return
            await self._deliver(event)

    async def _deliver(self, event: PublishedEvent) -> None:
        if event.seq <= self.last_seq:
            return
        if event.seq > self.last_seq + 1:
            await self._catch_up(event.seq - 1)
        await self._send(event)

    async def _catch_up(self, up_to: int | None) -> None:
        while True:
            missed = await run_in_threadpool(events_after, self.container.db, self.branch_id, self.last_seq, up_to)
            for event in missed:
                await self._send(event)
            if not missed or (up_to is not None and self.last_seq >= up_to):
                return

    async def _send(self, event: PublishedEvent) -> None:
        message = event.as_message()
        await self.websocket.send_json({**message, "data": views.event_data(self.audience, event.type, event.data)})
        self.last_seq = event.seq

    async def _watch_client(self) -> None:
        """Ends when the client goes away (clients send nothing else we need)."""
        while True:
            message = await self.websocket.receive()
            if message["type"] == "websocket.disconnect":
                return
