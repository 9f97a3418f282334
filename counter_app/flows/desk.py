"""The teller's desk: one counter, its current customer and the actions that are legal now.

`CounterDesk` holds the state and talks to the server only through `client` (calls run off the UI thread
via `qtkit.QtClient`). The server is the truth: after every action the desk takes the server's answer, and
after a lost connection it asks the server again (`GET /counters/{id}`), so the current ticket comes back
as the server has it. A refusal (another counter took the ticket, the manager closed the counter) arrives
as a message in the teller's language (`refused`), never as a crash.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from client import ApiError, BranchQClient, ClientError, ServerUnreachable, Ticket
from qtkit import QtClient

__all__ = ["Action", "CounterDesk", "DeskState", "Legality"]

RETRY_MS = 2_000


class DeskState(StrEnum):
    """What the counter is doing, as the teller and the room see it."""

    SIGNED_OUT = "signed_out"
    IDLE = "idle"
    CALLED = "called"
    SERVING = "serving"
    PAUSED = "paused"


class Action(StrEnum):
    CALL_NEXT = "call_next"
    RECALL = "recall"
    START = "start"
    FINISH = "finish"
    TRANSFER = "transfer"
    NO_SHOW = "no_show"
    PAUSE = "pause"
    RESUME = "resume"
    CLOSE = "close"


class Why(StrEnum):
    """Why an action is not legal now (the window words it)."""

    OFFLINE = "offline"
    BUSY = "busy"
    NOT_IDLE = "not_idle"
    NO_TICKET = "no_ticket"
    NOT_CALLED = "not_called"
    NOT_SERVING = "not_serving"
    RECALL_LIMIT = "recall_limit"
    PAUSED = "paused"
    NOT_PAUSED = "not_paused"


@dataclass(frozen=True)
class Legality:
    allowed: bool
    why: Why | None = None


YES = Legality(True)


class CounterDesk(QObject):
    """One teller at one counter.

    Signals:
        changed(): the state, the ticket or the connection changed (redraw).
        refused(str): the server refused an action; the message is in the teller's language.
        ticket_called(object): a `client.Ticket` was called to this counter (for the customer screen).
        ticket_finished(object): the served `client.Ticket` finished (the customer screen asks for a rating).
        signed_in(): the counter is open and restored.

    Attributes:
        state: the `DeskState` now.
        ticket: the ticket called or served here (`client.Ticket`), or None.
        counter_id, counter_number, branch: where the desk is.
        max_recalls: the branch's recall limit (recalls after the first call).
        allow_call_specific: the branch lets tellers call a chosen waiting ticket (`call_chosen`).
        since: when the state began (aware datetime, from the server where it says so).
        pause_reason: while paused, why (break, lunch, back_office).
        online: whether the server answered the last call.
        busy: a call is on its way (actions wait for its answer).
        teller_name: the display name of the signed-in account.
    """

    changed = Signal()
    refused = Signal(str)
    ticket_called = Signal(object)
    ticket_finished = Signal(object)
    signed_in = Signal()

    def __init__(
        self, client: BranchQClient, qt_client: QtClient | None = None, parent: QObject | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC), retry_ms: int = RETRY_MS,
    ) -> None:
        super().__init__(parent)
        self.client = client
        self.qt = qt_client or QtClient(parent=self)
        self.clock = clock
        self.state = DeskState.SIGNED_OUT
        self.ticket: Ticket | None = None
        self.counter_id: int | None = None
        self.counter_number: int | None = None
        self.branch: str | None = None
        self.max_recalls = 2
        self.since = clock()
        self.pause_reason: str | None = None
        self.online = True
        self.busy = False
        self.teller_name = ""
        self.services: tuple[str, ...] = ()
        self.allow_call_specific = False
        self._retry = QTimer(self, singleShot=True, interval=retry_ms)
        self._retry.timeout.connect(self.restore)

    # -- signing in and out ----------------------------------------------------------------------------

    def sign_in(self, username: str, password: str, branch: str, counter_number: int) -> None:
        """Log in, open the counter (or take it back if this account holds it already) and restore it."""

        def work() -> tuple[Mapping[str, Any], Mapping[str, Any]]:
            self.client.login(username, password)
            me = self.client.me()
            counters = self.client.live_queue(branch)["counters"]
            found = next((c for c in counters if c["number"] == counter_number), None)
            if found is None:
                raise ValueError(f"no counter {counter_number} at {branch}")
            status = self.client.counter_status(found["counter_id"])
            if status["state"] == "closed":
                self.client.open_counter(found["counter_id"])
                status = self.client.counter_status(found["counter_id"])
            return me, status

        def done(result: tuple[Mapping[str, Any], Mapping[str, Any]]) -> None:
            me, status = result
            self.teller_name = me.get("display_name") or me.get("username", "")
            self.branch = branch
            self._take(status)
            self.signed_in.emit()

        self._run(work, done)

    def close_counter(self) -> None:
        """End of the day: close the counter on the server and sign out."""
        counter_id = self._counter()

        def done(_: Any) -> None:
            self.client.logout()
            self._set(DeskState.SIGNED_OUT, None)

        self._run(lambda: self.client.close_counter(counter_id), done)

    def restore(self) -> None:
        """Ask the server what this counter is doing (after a reconnect, or to be sure)."""
        if self.counter_id is None:
            return
        counter_id = self.counter_id
        self._run(lambda: self.client.counter_status(counter_id), self._take, quiet=True)

    # -- actions ---------------------------------------------------------------------------------------

    def legal(self, action: Action) -> Legality:
        if not self.online:
            return Legality(False, Why.OFFLINE)
        if self.busy:
            return Legality(False, Why.BUSY)
        state, ticket = self.state, self.ticket
        if action in (Action.CALL_NEXT, Action.PAUSE, Action.CLOSE):
            if state is DeskState.PAUSED:
                return YES if action is Action.CLOSE else Legality(False, Why.PAUSED)
            return YES if state is DeskState.IDLE else Legality(False, Why.NOT_IDLE)
        if action is Action.RESUME:
            return YES if state is DeskState.PAUSED else Legality(False, Why.NOT_PAUSED)
        if ticket is None:
            return Legality(False, Why.NO_TICKET)
        if action is Action.RECALL:
            if state is not DeskState.CALLED:
                return Legality(False, Why.NOT_CALLED)
            return YES if ticket.recall_count < self.max_recalls else Legality(False, Why.RECALL_LIMIT)
        if action in (Action.START, Action.NO_SHOW):
            return YES if state is DeskState.CALLED else Legality(False, Why.NOT_CALLED)
        if action is Action.FINISH:
            return YES if state is DeskState.SERVING else Legality(False, Why.NOT_SERVING)
        return YES  # transfer: called or serving

    def call_next(self) -> None:
        counter_id = self._counter()

        def done(ticket: Ticket | None) -> None:
            if ticket is None:
                self.refused.emit(self.tr("Nobody is waiting for the services of this counter."))
                return
            self._set(DeskState.CALLED, ticket)
            self.ticket_called.emit(ticket)

        self._act(Action.CALL_NEXT, lambda: self.client.call_next(counter_id), done)

    def call_chosen(self, ticket_id: int, why: str) -> None:
        """Call one waiting ticket out of turn (where the branch allows it); the server records who and why."""
        counter_id = self._counter()

        def done(ticket: Ticket) -> None:
            self._set(DeskState.CALLED, ticket)
            self.ticket_called.emit(ticket)

        self._act(Action.CALL_NEXT, lambda: self.client.call_chosen(counter_id, ticket_id, why), done)

    def recall(self) -> None:
        ticket_id = self._ticket_id()
        self._act(Action.RECALL, lambda: self.client.recall(ticket_id), lambda t: self._set(DeskState.CALLED, t))

    def start(self) -> None:
        ticket_id = self._ticket_id()
        self._act(Action.START, lambda: self.client.start_service(ticket_id),
                  lambda t: self._set(DeskState.SERVING, t))

    def finish(self, outcome: str = "done") -> None:
        ticket_id = self._ticket_id()

        def done(ticket: Ticket) -> None:
            self._set(DeskState.IDLE, None)
            self.ticket_finished.emit(ticket)

        self._act(Action.FINISH, lambda: self.client.finish(ticket_id, outcome), done)

    def no_show(self) -> None:
        ticket_id = self._ticket_id()
        self._act(Action.NO_SHOW, lambda: self.client.no_show(ticket_id), lambda _: self._set(DeskState.IDLE, None))

    def transfer(self, *, service: str | None = None, counter_id: int | None = None, note: str = "") -> None:
        ticket_id = self._ticket_id()
        self._act(
            Action.TRANSFER,
            lambda: self.client.transfer(ticket_id, service=service, counter_id=counter_id, note=note or None),
            lambda _: self._set(DeskState.IDLE, None),
        )

    def pause(self, reason: str) -> None:
        counter_id = self._counter()

        def done(_: Any) -> None:
            self.pause_reason = reason
            self._set(DeskState.PAUSED, None)

        self._act(Action.PAUSE, lambda: self.client.pause_counter(counter_id, reason), done)

    def resume(self) -> None:
        counter_id = self._counter()
        self._act(Action.RESUME, lambda: self.client.resume_counter(counter_id),
                  lambda _: self._set(DeskState.IDLE, None))

    # -- plumbing --------------------------------------------------------------------------------------

    def _act(self, action: Action, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        legality = self.legal(action)
        if not legality.allowed:
            return
        self._run(work, done)

    def _run(self, work: Callable[[], Any], done: Callable[[Any], None], *, quiet: bool = False) -> None:
        self.busy = True
        self.changed.emit()

        def succeeded(result: Any) -> None:
            self.busy = False
            self._set_online(True)
            done(result)
            self.changed.emit()

        def failed(error: BaseException) -> None:
            self.busy = False
            if isinstance(error, ServerUnreachable):
                self._set_online(False)
            elif isinstance(error, ApiError):
                self.refused.emit(error.detail)
                self.restore()  # the server knows better: take its state
            elif isinstance(error, ClientError):
                self.refused.emit(error.message(self.client.language))
            elif not quiet:
                self.refused.emit(str(error))
            self.changed.emit()

        self.qt.call(work, succeeded, failed)

    def _set_online(self, online: bool) -> None:
        was, self.online = self.online, online
        if not online:
            self._retry.start()
        elif not was:
            self.restore()

    def _take(self, status: Mapping[str, Any]) -> None:
        """Adopt the server's view of the counter."""
        self.counter_id = status["counter_id"]
        self.counter_number = status.get("number")
        self.max_recalls = status.get("max_recalls", self.max_recalls)
        self.allow_call_specific = bool(status.get("allow_call_specific"))
        self.services = tuple(status.get("services", ()))
        self.pause_reason = status.get("pause_reason")
        raw = status.get("ticket")
        ticket = Ticket.from_json(raw) if raw else None
        if status["state"] == "closed":
            state = DeskState.SIGNED_OUT
        elif status["state"] == "paused":
            state = DeskState.PAUSED
        elif ticket is None:
            state = DeskState.IDLE
        else:
            state = DeskState.SERVING if ticket.status == "serving" else DeskState.CALLED
        since = status.get("state_since")
        if ticket is not None:
            since = ticket.raw.get("started_at") if state is DeskState.SERVING else ticket.called_at
        changed = state is not self.state or (ticket and ticket.id) != (self.ticket and self.ticket.id)
        self.state, self.ticket = state, ticket
        if changed or since:
            self.since = datetime.fromisoformat(since) if since else self.clock()
        self.changed.emit()

    def _set(self, state: DeskState, ticket: Ticket | None) -> None:
        if state is not self.state or (ticket and ticket.id) != (self.ticket and self.ticket.id):
            self.since = self.clock()
        if state is not DeskState.PAUSED:
            self.pause_reason = None
        self.state, self.ticket = state, ticket
        self.changed.emit()

    def seconds_in_state(self) -> int:
        return max(0, int((self.clock() - self.since).total_seconds()))

    def _counter(self) -> int:
        assert self.counter_id is not None, "sign in first"
        return self.counter_id

    def _ticket_id(self) -> int:
        if self.ticket is None or self.ticket.id is None:
            return 0  # legal() refuses every ticket action without a ticket
        return self.ticket.id
