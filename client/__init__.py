"""The apps' client of the BranchQ server: HTTP calls (`BranchQClient`), the live event stream
(`EventStream`), typed results and errors with messages in the user's language. No Qt in here: each app
wraps these in a thin adapter that runs them off its UI thread and delivers results by signal."""

from client.errors import ApiError, ClientError, RequestTimedOut, ServerUnreachable, UnexpectedAnswer
from client.events import CLOSE_RESYNC, Backoff, Event, EventStream
from client.http import IDEMPOTENCY_HEADER, BranchQClient, new_idempotency_key
from client.messages import client_message
from client.results import (
    AppointmentRef, BranchInfo, BranchServices, CounterRef, CounterState, FaceMatch, LoginInfo, OpeningHours,
    ServiceInfo, ServiceRef, Ticket, TicketStatus, WaitRange,
)

__all__ = [
    "CLOSE_RESYNC",
    "IDEMPOTENCY_HEADER",
    "ApiError",
    "AppointmentRef",
    "Backoff",
    "BranchInfo",
    "BranchQClient",
    "BranchServices",
    "ClientError",
    "CounterRef",
    "CounterState",
    "Event",
    "EventStream",
    "FaceMatch",
    "LoginInfo",
    "OpeningHours",
    "RequestTimedOut",
    "ServerUnreachable",
    "ServiceInfo",
    "ServiceRef",
    "Ticket",
    "TicketStatus",
    "UnexpectedAnswer",
    "WaitRange",
    "client_message",
    "new_idempotency_key",
]
