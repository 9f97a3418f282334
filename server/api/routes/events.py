"""`WS /api/v1/branches/{code}/events?since=SEQ`: every committed event of a branch, in order.

A client that reconnects with the last `seq` it saw gets everything it missed from the event log,
then live events, with nothing lost and nothing twice. The hub may deliver live events slightly out
of order (two commits publishing at once), so a gap is filled from the log and late duplicates are
dropped by sequence number.

Each subscriber receives its audience's view of every event (`views.event_data`): the log keeps the
whole payload, staff get it as recorded, kiosks and displays only the fields their view allows (never
notes, names, phones, call facts, staff ids or who acted). Stripping happens here, per subscriber, so
services record one complete event and the audit trail stays whole.

Opening: with the Authorization header, the `branchq_token` cookie (from a page of this server's
origin), or `?ticket=` from `POST /branches/{code}/events/ticket` (single-use, valid 30 s, bound to the
branch). Access tokens in the URL (`?token=`) are refused: access logs would keep them.

While connected, the stream re-checks its account every `BRANCHQ_WEBSOCKET_RECHECK_SECONDS` and at the
token's expiry; when the account is deactivated, its password changed, its branch access withdrawn or the
token expired, the stream closes with 4000 + the HTTP status (4401, 4403) and the error code in the reason.

`since` beyond the end of the branch's log (the database was restored or reset since the client last saw
it) is refused, not clamped: the stream closes with `CLOSE_RESYNC` (4409, reason `events.resync`), and the
client reloads the current state and reconnects without `since`. Clamping would quietly skip the events
numbered from the restored end up to the client's `since` when they are written again.

Estimates (`estimates.changed`) are derived data, re-estimated after commit and coalesced per branch
(`server/services/estimates.py`): they are logged like any event, in a transaction of their own, so they
arrive a few events after the change that moved them, and ticket events carry no estimate of their own.
A client that needs the current estimates at once (after a restore, say) reads `GET .../queue`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from starlette.concurrency import run_in_threadpool

from server.api.deps import Allowed, ContainerDep, Credentials, CurrentCredentials, websocket_credentials
from server.api.errors import status_for
from server.container import Container
from server.domain.errors import DomainError
from server.events.hub import PublishedEvent, Subscription, SubscriptionOverflow
from server.services import views
from server.services.auth import PermissionDenied, Principal, check_not_expired, principal_for
from server.services.event_log import events_after, latest_seq
from server.services.lookups import branch_by_code
from server.services.permissions import Operation, Target, audience_of, authorize

router = APIRouter(tags=["events"])
log = logging.getLogger("branchq.events")

CLOSE_RESYNC = 4409
"""`since` is past the end of the log: reload the state, reconnect without `since`."""
_MAX_REASON_BYTES = 123


@router.post("/branches/{code}/events/ticket")
def connection_ticket(
    code: str, credentials: CurrentCredentials, container: ContainerDep,
    _: Principal = Allowed(Operation.EVENTS_TICKET),
) -> dict[str, Any]:
    """A single-use ticket to open this branch's event stream (`?ticket=`) within 30 seconds."""
    with container.db.read() as session:
        branch_id = branch_by_code(session, code).id
    authorize(credentials.principal, Operation.EVENTS_TICKET, Target(branch_id))
    ticket, expires_at = container.connection_tickets.issue(credentials.claims, branch_id)
    return {"ticket": ticket, "expires_at": expires_at.isoformat()}


def _authorised(container: Container, websocket: WebSocket, code: str) -> tuple[Credentials, int, views.Audience]:
    """The credentials, the branch, and the audience whose view of each event this subscriber gets."""
    credentials = websocket_credentials(websocket, container)
    with container.db.read() as session:
        branch_id = branch_by_code(session, code).id
    if credentials.ticket_branch_id is not None and credentials.ticket_branch_id != branch_id:
        raise PermissionDenied("this connection ticket is for another branch", code="events.ticket_other_branch")
    authorize(credentials.principal, Operation.BRANCH_EVENTS, Target(branch_id))
    return credentials, branch_id, audience_of(credentials.principal)


def _still_authorised(container: Container, credentials: Credentials, branch_id: int) -> None:
    check_not_expired(credentials.claims, container.clock())
    with container.db.read() as session:
        principal = principal_for(session, credentials.claims)
    authorize(principal, Operation.BRANCH_EVENTS, Target(branch_id))


async def _close(websocket: WebSocket, code: int, reason: str) -> None:
    reason = reason.encode()[:_MAX_REASON_BYTES].decode(errors="ignore")
    await websocket.close(code=code, reason=reason)


async def _close_for(websocket: WebSocket, error: DomainError) -> None:
    await _close(websocket, 4000 + status_for(error), f"{error.code}: {error.message}")


@router.websocket("/branches/{code}/events")
async def branch_events(websocket: WebSocket, code: str, since: int | None = None) -> None:
    container: Container = websocket.app.state.container
    try:
        credentials, branch_id, audience = await run_in_threadpool(_authorised, container, websocket, code)
    except DomainError as error:
        await _close_for(websocket, error)
        return
    subscription = container.hub.subscribe(branch_id)
    try:
        await websocket.accept()
        stream = _Stream(websocket, container, branch_id, credentials, audience)
        await stream.run(subscription, since)
    finally:
        container.hub.unsubscribe(subscription)


class _Stream:
    def __init__(
        self, websocket: WebSocket, container: Container, branch_id: int, credentials: Credentials,
        audience: views.Audience,
    ) -> None:
        self.websocket = websocket
        self.container = container
        self.branch_id = branch_id
        self.credentials = credentials
        self.audience = audience
        self.last_seq = 0

    async def run(self, subscription: Subscription, since: int | None) -> None:
        latest = await run_in_threadpool(latest_seq, self.container.db, self.branch_id)
        if since is None:
            self.last_seq = latest
        elif since > latest:
            await _close(self.websocket, CLOSE_RESYNC,
                         f"events.resync: since={since} is past the log's end ({latest}); reload, reconnect without since")
            return
        else:
            self.last_seq = max(0, since)
            await self._catch_up(None)
        reader = asyncio.create_task(self._watch_client())
        guard = asyncio.create_task(self._watch_credentials())
        try:
            await self._forward(subscription, reader, guard)
        finally:
            for task in (reader, guard):
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, WebSocketDisconnect):
                    await task

    async def _forward(self, subscription: Subscription, reader: asyncio.Task[None], guard: asyncio.Task[DomainError]) -> None:
        while True:
            waiter = asyncio.create_task(subscription.next())
            done, _ = await asyncio.wait({waiter, reader, guard}, return_when=asyncio.FIRST_COMPLETED)
            if reader in done:
                waiter.cancel()
                return
            if guard in done:
                waiter.cancel()
                await _close_for(self.websocket, guard.result())
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

    async def _watch_credentials(self) -> DomainError:
        """Returns the reason to close once the token expires or the account no longer may read the branch."""
        interval = self.container.settings.websocket_recheck_seconds
        while True:
            until_expiry = (self.credentials.claims.expires_at - self.container.clock()).total_seconds()
            await asyncio.sleep(max(0.0, min(interval, until_expiry)))
            try:
                await run_in_threadpool(_still_authorised, self.container, self.credentials, self.branch_id)
            except DomainError as lapsed:
                return lapsed
            except Exception:  # the database is away for a moment: keep the stream, check again next round
                log.exception("re-checking the credentials of an event stream failed")

    async def _watch_client(self) -> None:
        """Ends when the client goes away (clients send nothing else we need)."""
        while True:
            message = await self.websocket.receive()
            if message["type"] == "websocket.disconnect":
                return


# -- one ticket's own stream, for its status page ------------------------------------------------

TICKET_EVENT_TYPES_PREFIX = "ticket."


@router.websocket("/tickets/{token}/events")
async def ticket_events(websocket: WebSocket, token: str) -> None:
    """`WS /api/v1/tickets/{token or signed code}/events`: the public status of one ticket, pushed when it changes.

    Anyone holding the ticket's token or the signed code of its QR code may listen (no account, credentials
    ignored). Each message is `{"type": "status", "ticket": <the public view>}`: the same view as
    `GET /tickets/{token}`, so it carries nothing about other customers, no ids and no personal data. The
    first message is the current status; the next ones follow changes in the branch's event log (any ticket
    event or new estimates), coalesced, and only when the view changed. The stream holds no position in the
    log: a client that reconnects gets the current status first, so nothing needs resuming. A bad, forged or
    expired code closes with 4000 + the HTTP status and the error code as the reason.
    """
    container: Container = websocket.app.state.container
    try:
        branch_id, view = await run_in_threadpool(_ticket_stream_start, container, token)
    except DomainError as error:
        await _close_for(websocket, error)
        return
    subscription = container.hub.subscribe(branch_id)
    try:
        await websocket.accept()
        await websocket.send_json({"type": "status", "ticket": view})
        reader = asyncio.create_task(_client_gone(websocket))
        try:
            await _follow_ticket(websocket, container, subscription, token, view, reader)
        finally:
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, WebSocketDisconnect):
                await reader
    finally:
        container.hub.unsubscribe(subscription)


def _ticket_stream_start(container: Container, token: str) -> tuple[int, dict[str, Any]]:
    view = container.queries.ticket_status(token)
    return container.queries.ticket_branch_id(token), view


async def _follow_ticket(
    websocket: WebSocket, container: Container, subscription: Subscription, token: str, last: dict[str, Any],
    reader: asyncio.Task[None],
) -> None:
    while True:
        waiter = asyncio.create_task(subscription.next())
        done, _ = await asyncio.wait({waiter, reader}, return_when=asyncio.FIRST_COMPLETED)
        if reader in done:
            waiter.cancel()
            return
        try:
            relevant = _concerns_a_ticket(waiter.result())
            while not subscription.queue.empty():  # a burst of events: one re-read for all of them
                relevant = _concerns_a_ticket(await subscription.next()) or relevant
        except SubscriptionOverflow:
            await websocket.close(code=4429, reason="too slow; reconnect")
            return
        if not relevant:
            continue
        try:
            view = await run_in_threadpool(container.queries.ticket_status, token)
        except DomainError as error:  # the code expired while the page was open
            await _close_for(websocket, error)
            return
        if view != last:
            await websocket.send_json({"type": "status", "ticket": view})
            last = view


def _concerns_a_ticket(event: PublishedEvent) -> bool:
    return event.type.startswith(TICKET_EVENT_TYPES_PREFIX) or event.type == "estimates.changed"


async def _client_gone(websocket: WebSocket) -> None:
    while True:
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            return
