"""Who may do what: the server's one permission table (route × role × reach).

Every route of the API is an `Operation` whose value is the route itself (`"POST /counters/{counter_id}/open"`,
relative to `/api/v1`), and `TABLE` says, for each, whether anyone may use it and which roles may, how far:

    SELF     only about the caller's own account; no branch involved
    BANK     anywhere in the bank (administration)
    BRANCH   the branches the account belongs to (an administrator belongs to every branch)
    COUNTER  within BRANCH, only at the counter the account holds (for a ticket: the counter it was called to)
    WAITING  within BRANCH, only tickets still waiting

A route open to `anyone` ignores credentials it does not need: an expired or forged token there is treated as
no token (the customer's phone keeps an old cookie; that must not lock them out of their own ticket).

Two checks read the table, nothing else decides: the route's dependency (`server.api.deps.permit`) refuses a
missing account (401) or a role the table does not list (403) before the handler runs; the service, which
knows the branch, the counter's holder and the ticket's state, checks the reach with `authorize()` (403). A
test walks every route of the app with every kind of caller and compares the answers with this table.

Issuing has two finer rules kept here too: the channels each role may issue on (`ISSUE_CHANNELS`), and who
may grant a priority tier (`PRIORITY_GRANTERS`); a customer's own request never raises their priority.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from server.domain.enums import Channel, PriorityTier, Role
from server.services.auth import AuthError, PermissionDenied, Principal
from server.services.views import Audience


class Reach(StrEnum):
    SELF = "self"
    BANK = "bank"
    BRANCH = "branch"
    COUNTER = "counter"
    WAITING = "waiting"


class Operation(StrEnum):
    """Every route of the API, named; the value is `METHOD path` under `/api/v1` (WS for the websocket)."""

    HEALTH = "GET /health"
    LOGIN = "POST /auth/login"
    ME = "GET /auth/me"
    MY_DAY = "GET /auth/me/day"
    LOGOUT = "POST /auth/logout"
    CHANGE_PASSWORD = "POST /auth/password"
    BRANCH_SERVICES = "GET /branches/{code}/services"
    ISSUE_TICKET = "POST /branches/{code}/tickets"
    LIVE_QUEUE = "GET /branches/{code}/queue"
    DISPLAY_BOARD = "GET /branches/{code}/display"
    BRANCH_EVENTS = "WS /branches/{code}/events"
    EVENTS_TICKET = "POST /branches/{code}/events/ticket"
    OPEN_COUNTER = "POST /counters/{counter_id}/open"
    PAUSE_COUNTER = "POST /counters/{counter_id}/pause"
    RESUME_COUNTER = "POST /counters/{counter_id}/resume"
    CLOSE_COUNTER = "POST /counters/{counter_id}/close"
    CALL_NEXT = "POST /counters/{counter_id}/call-next"
    RELEASE_COUNTER = "POST /counters/{counter_id}/release"
    COUNTER_STATUS = "GET /counters/{counter_id}"
    CALL_CHOSEN = "POST /counters/{counter_id}/call/{ticket_id}"
    STAFF_TICKET = "GET /tickets/{ticket_id}/staff"
    TICKET_STATUS = "GET /tickets/{token}"
    RECALL_TICKET = "POST /tickets/{ticket_id}/recall"
    START_TICKET = "POST /tickets/{ticket_id}/start"
    NO_SHOW_TICKET = "POST /tickets/{ticket_id}/no-show"
    FINISH_TICKET = "POST /tickets/{ticket_id}/finish"
    TRANSFER_TICKET = "POST /tickets/{ticket_id}/transfer"
    CANCEL_TICKET = "POST /tickets/{ticket}/cancel"
    RETURN_TICKET = "POST /tickets/{ticket}/return"
    RATE_TICKET = "POST /tickets/{token}/rating"
    RATING_DETAILS = "POST /tickets/{token}/rating/details"
    RATING_REASONS = "GET /feedback/reasons"
    TICKET_EVENTS = "WS /tickets/{token}/events"
    BOOK_APPOINTMENT = "POST /branches/{code}/appointments"
    APPOINTMENT_STATUS = "GET /appointments/{code}"
    CANCEL_APPOINTMENT = "POST /appointments/{code}/cancel"
    MANAGED_APPOINTMENT_STATUS = "GET /appointments/manage/{token}"
    CANCEL_MANAGED_APPOINTMENT = "POST /appointments/manage/{token}/cancel"
    RESCHEDULE_MANAGED_APPOINTMENT = "POST /appointments/manage/{token}/reschedule"
    BOOKING_SLOTS = "GET /branches/{code}/slots"
    BOOKING_SETTINGS = "GET /branches/{code}/booking-settings"
    UPDATE_BOOKING_SETTINGS = "PATCH /branches/{code}/booking-settings"
    ENROLL_FACE = "POST /appointments/{code}/face"
    IDENTIFY_FACE = "POST /branches/{code}/faces/identify"
    FORGET_FACE = "DELETE /appointments/{code}/face"
    REPORT_DEVICE_HEALTH = "POST /devices/me/health"
    DEVICE_HEARTBEAT = "POST /devices/me/heartbeat"
    BRANCH_DEVICES = "GET /branches/{code}/devices"
    DAY_STATS = "GET /branches/{code}/stats"
    EXPORT_STATS = "GET /branches/{code}/stats/export"
    STAFFING = "GET /branches/{code}/staffing"
    REMOTE_OFFER = "GET /branches/{code}/remote-queue"
    JOIN_REMOTE = "POST /branches/{code}/remote-queue/tickets"
    REMOTE_CHECK_IN = "POST /branches/{code}/remote-queue/check-in"
    REMOTE_SETTINGS = "GET /branches/{code}/remote-queue/settings"
    CONFIGURE_REMOTE = "PUT /branches/{code}/remote-queue/settings"
    LEAVE_PHONE = "POST /tickets/{token}/phone"
    SET_SERVICE_TARGET = "PUT /branches/{code}/services/{service}/target"
    SET_NOTICES = "PUT /branches/{code}/notices"
    ADMIN_LIST_BRANCHES = "GET /admin/branches"
    ADMIN_CREATE_BRANCH = "POST /admin/branches"
    ADMIN_GET_BRANCH = "GET /admin/branches/{code}"
    ADMIN_UPDATE_BRANCH = "PATCH /admin/branches/{code}"
    ADMIN_DEACTIVATE_BRANCH = "POST /admin/branches/{code}/deactivate"
    ADMIN_LIST_SPECIAL_DAYS = "GET /admin/branches/{code}/days"
    ADMIN_SET_SPECIAL_DAY = "PUT /admin/branches/{code}/days/{day}"
    ADMIN_REMOVE_SPECIAL_DAY = "DELETE /admin/branches/{code}/days/{day}"
    ADMIN_LIST_SERVICES = "GET /admin/branches/{code}/services"
    ADMIN_CREATE_SERVICE = "POST /admin/branches/{code}/services"
    ADMIN_UPDATE_SERVICE = "PATCH /admin/services/{service_id}"
    ADMIN_DEACTIVATE_SERVICE = "POST /admin/services/{service_id}/deactivate"
    ADMIN_LIST_CATEGORIES = "GET /admin/branches/{code}/categories"
    ADMIN_CREATE_CATEGORY = "POST /admin/branches/{code}/categories"
    ADMIN_UPDATE_CATEGORY = "PATCH /admin/categories/{category_id}"
    ADMIN_DELETE_CATEGORY = "DELETE /admin/categories/{category_id}"
    ADMIN_LIST_COUNTERS = "GET /admin/branches/{code}/counters"
    ADMIN_CREATE_COUNTER = "POST /admin/branches/{code}/counters"
    ADMIN_UPDATE_COUNTER = "PATCH /admin/counters/{counter_id}"
    ADMIN_DEACTIVATE_COUNTER = "POST /admin/counters/{counter_id}/deactivate"
    ADMIN_LIST_STAFF = "GET /admin/staff"
    ADMIN_CREATE_STAFF = "POST /admin/staff"
    ADMIN_UPDATE_STAFF = "PATCH /admin/staff/{staff_id}"
    ADMIN_DEACTIVATE_STAFF = "POST /admin/staff/{staff_id}/deactivate"
    ADMIN_LIST_DEVICES = "GET /admin/devices"
    ADMIN_CREATE_DEVICE = "POST /admin/devices"
    ADMIN_UPDATE_DEVICE = "PATCH /admin/devices/{device_id}"
    ADMIN_DEACTIVATE_DEVICE = "POST /admin/devices/{device_id}/deactivate"


class Page(StrEnum):
    """Every route outside the API (pages, their files, the documentation); the value is `METHOD path`.

    Pages are open to anyone: what a page shows behind a login (the waiting-room display) it reads from the
    API with the page's cookie, and the API's rows decide; without access the page offers its login form."""

    FRONT_DOOR = "GET /"
    TICKET_PAGE = "GET /t/{code}"
    REMOTE_PAGE = "GET /q/{branch}"
    DISPLAY_PAGE = "GET /display/{branch}"
    MANAGE_HOME = "GET /manage"
    MANAGE_PAGE = "GET /manage/{branch}"
    BOOK_PAGE = "GET /book/{branch}"
    APPOINTMENT_PAGE = "GET /a/{token}"
    STATIC = "GET /static/{name}"
    PALETTE = "GET /palette.css"
    DOCS = "GET /docs"
    DOCS_ASSET = "GET /docs/assets/{name}"
    OPENAPI = "GET /openapi.json"


@dataclass(frozen=True, slots=True)
class Rule:
    """One row of the table: open to anyone (credentials ignored), and/or these roles, each with its reach."""

    anyone: bool = False
    roles: Mapping[Role, frozenset[Reach]] = field(default_factory=dict)


def _grant(reach: Reach | tuple[Reach, ...], *roles: Role) -> dict[Role, frozenset[Reach]]:
    reaches = frozenset(reach if isinstance(reach, tuple) else (reach,))
    return {role: reaches for role in roles}


T, L, M, A, K, D = Role.TELLER, Role.LOBBY, Role.MANAGER, Role.ADMIN, Role.KIOSK, Role.DISPLAY
BRANCH, COUNTER, WAITING = Reach.BRANCH, Reach.COUNTER, Reach.WAITING

PUBLIC = Rule(anyone=True)
ADMINS = Rule(roles=_grant(Reach.BANK, A))
SEES_THE_FLOOR = Rule(roles=_grant(BRANCH, K, D, T, L, M, A))
AT_THE_COUNTER = Rule(roles=_grant(COUNTER, T, M, A))
MOVES_TICKETS = _grant(COUNTER, T) | _grant(WAITING, L) | _grant((COUNTER, WAITING), M, A)
MANAGES_BRANCH = Rule(roles=_grant(BRANCH, M, A))

TABLE: Mapping[Operation | Page, Rule] = {
    Operation.HEALTH: PUBLIC,
    Operation.LOGIN: PUBLIC,
    Operation.ME: Rule(roles=_grant(Reach.SELF, *Role)),
    Operation.MY_DAY: Rule(roles=_grant(Reach.SELF, T, L, M, A)),  # a staff member's own day figures
    Operation.LOGOUT: PUBLIC,  # clears the cookie, whoever sends it
    Operation.CHANGE_PASSWORD: Rule(roles=_grant(Reach.SELF, *Role)),
    Operation.BRANCH_SERVICES: PUBLIC,
    # anyone takes an online ticket; accounts issue on the channels of ISSUE_CHANNELS
    Operation.ISSUE_TICKET: Rule(anyone=True, roles=_grant(BRANCH, K, T, L, M, A)),
    Operation.LIVE_QUEUE: SEES_THE_FLOOR,
    Operation.DISPLAY_BOARD: SEES_THE_FLOOR,  # what the waiting-room display shows: calls, lines, hours
    Operation.BRANCH_EVENTS: SEES_THE_FLOOR,
    Operation.EVENTS_TICKET: SEES_THE_FLOOR,  # a single-use ticket to open BRANCH_EVENTS
    Operation.OPEN_COUNTER: Rule(roles=_grant(BRANCH, T, M, A)),
    Operation.PAUSE_COUNTER: AT_THE_COUNTER,
    Operation.RESUME_COUNTER: AT_THE_COUNTER,
    Operation.CLOSE_COUNTER: Rule(roles=_grant(COUNTER, T) | _grant(BRANCH, M, A)),
    Operation.CALL_NEXT: AT_THE_COUNTER,
    # a manager frees a counter whose teller is gone: its ticket goes back to the line
    Operation.RELEASE_COUNTER: MANAGES_BRANCH,
    # the counter app restores its state from these after a reconnect
    Operation.COUNTER_STATUS: Rule(roles=_grant(BRANCH, T, L, M, A)),
    Operation.STAFF_TICKET: Rule(roles=_grant(BRANCH, T, L, M, A)),
    # a chosen waiting ticket called out of turn, where the branch allows it (recorded with who and why)
    Operation.CALL_CHOSEN: AT_THE_COUNTER,
    Operation.TICKET_STATUS: PUBLIC,
    Operation.RECALL_TICKET: AT_THE_COUNTER,
    Operation.START_TICKET: AT_THE_COUNTER,
    Operation.NO_SHOW_TICKET: AT_THE_COUNTER,
    Operation.FINISH_TICKET: AT_THE_COUNTER,
    Operation.TRANSFER_TICKET: Rule(roles=MOVES_TICKETS),
    # anyone cancels their own ticket by its token; staff cancel by ticket id
    Operation.CANCEL_TICKET: Rule(anyone=True, roles=MOVES_TICKETS),
    # the customer by the ticket's token; the customer screen of the counter that served it by ticket id
    Operation.RATE_TICKET: Rule(anyone=True, roles=_grant(COUNTER, T, M, A)),
    Operation.RATING_DETAILS: PUBLIC,
    Operation.RATING_REASONS: PUBLIC,
    # a ticket's own status, pushed to its status page: anyone holding its token or signed code
    Operation.TICKET_EVENTS: PUBLIC,
    # a customer back after a missed call: staff by ticket id, the kiosk by scanning the ticket
    Operation.RETURN_TICKET: Rule(roles=_grant(BRANCH, K, T, L, M, A)),
    Operation.BOOK_APPOINTMENT: PUBLIC,
    # by the check-in code: staff and the branch's devices (the customer uses the manage token)
    Operation.APPOINTMENT_STATUS: SEES_THE_FLOOR,
    Operation.CANCEL_APPOINTMENT: Rule(roles=_grant(BRANCH, T, L, M, A)),
    Operation.MANAGED_APPOINTMENT_STATUS: PUBLIC,
    Operation.CANCEL_MANAGED_APPOINTMENT: PUBLIC,
    Operation.RESCHEDULE_MANAGED_APPOINTMENT: PUBLIC,
    Operation.BOOKING_SLOTS: PUBLIC,  # what is left in each slot, no one's booking
    # capacity per slot and service, bookings per phone: the branch's managers (admins everywhere)
    Operation.BOOKING_SETTINGS: MANAGES_BRANCH,
    Operation.UPDATE_BOOKING_SETTINGS: MANAGES_BRANCH,
    Operation.ENROLL_FACE: Rule(roles=_grant(BRANCH, T, L, M, A)),
    Operation.IDENTIFY_FACE: Rule(roles=_grant(BRANCH, K, T, L, M, A)),
    Operation.FORGET_FACE: MANAGES_BRANCH,
    # a kiosk (or display) about itself; the branch's managers and lobby manager see every device
    Operation.REPORT_DEVICE_HEALTH: Rule(roles=_grant(Reach.SELF, K, D)),
    Operation.DEVICE_HEARTBEAT: Rule(roles=_grant(Reach.SELF, K, D)),
    Operation.BRANCH_DEVICES: Rule(roles=_grant(BRANCH, L, M, A)),
    Operation.DAY_STATS: MANAGES_BRANCH,
    Operation.EXPORT_STATS: MANAGES_BRANCH,
    Operation.STAFFING: MANAGES_BRANCH,
    # joining the queue from a phone: anyone; arrival is checked in on site (the kiosk or staff); the switch,
    # cap and time to arrive are the branch manager's
    Operation.REMOTE_OFFER: PUBLIC,
    Operation.JOIN_REMOTE: PUBLIC,
    Operation.REMOTE_CHECK_IN: Rule(roles=_grant(BRANCH, K, T, L, M, A)),
    Operation.REMOTE_SETTINGS: MANAGES_BRANCH,
    Operation.CONFIGURE_REMOTE: MANAGES_BRANCH,
    # a walk-in customer leaves a number on the status page to be told when the turn nears
    Operation.LEAVE_PHONE: PUBLIC,
    # what a branch's manager configures; administrators keep the rest (ADMIN_*)
    Operation.SET_SERVICE_TARGET: MANAGES_BRANCH,
    Operation.SET_NOTICES: MANAGES_BRANCH,
    **{operation: ADMINS for operation in Operation if operation.name.startswith("ADMIN_")},
    **{page: PUBLIC for page in Page},
}

ISSUE_CHANNELS: Mapping[Role | None, frozenset[Channel]] = {
    None: frozenset({Channel.ONLINE}),  # no account: the public
    K: frozenset({Channel.KIOSK, Channel.APPOINTMENT}),
    T: frozenset({Channel.COUNTER, Channel.APPOINTMENT}),
    L: frozenset({Channel.KIOSK, Channel.COUNTER, Channel.APPOINTMENT}),
    M: frozenset(Channel),
    A: frozenset(Channel),
}
"""Who issues on which channel. Only accounts check appointments in (the kiosk and staff, on site)."""

PRIORITY_GRANTERS = frozenset({T, L, M, A})
"""Staff may issue a ticket with any priority tier; otherwise it comes from the appointment's customer."""

DEVICE_ROLES = frozenset({K, D})


@dataclass(frozen=True, slots=True)
class Target:
    """What an operation touches, as far as the table's reach needs to know.

    Attributes:
        branch_id: the branch it belongs to.
        holder_id: the staff account holding the counter (for a ticket: the counter it was called to).
        counter_number: that counter's number, for the refusal's wording.
        ticket_waiting: a ticket that still waits in the line.
        is_ticket: a ticket (rather than a counter), for the refusal's wording.
    """

    branch_id: int
    holder_id: int | None = None
    counter_number: int | None = None
    ticket_waiting: bool = False
    is_ticket: bool = False


def in_branch(principal: Principal, branch_id: int) -> bool:
    """An administrator belongs to every branch; everyone else to the branches of their account."""
    return principal.role is Role.ADMIN or branch_id in principal.branch_ids


def require_account(principal: Principal | None) -> Principal:
    if principal is None:
        raise AuthError("log in first: this needs an access token", code="auth.login_required")
    return principal


def check_role(principal: Principal | None, operation: Operation | Page) -> Principal:
    """The route-level half: an account whose role the table lists for this operation."""
    principal = require_account(principal)
    roles = TABLE[operation].roles
    if principal.role not in roles:
        names = sorted(role.value for role in roles)
        raise PermissionDenied(
            f"a {principal.role.value} account cannot do this; it needs one of the roles: {', '.join(names)}",
            code="access.role", params={"role": principal.role.value, "roles": names},
        )
    return principal


def authorize(principal: Principal | None, operation: Operation, target: Target) -> Principal:
    """The whole check for `operation` on `target`: the role, then how far its reach goes."""
    principal = check_role(principal, operation)
    reaches = TABLE[operation].roles[principal.role]
    if Reach.BANK in reaches or Reach.SELF in reaches:
        return principal
    if not in_branch(principal, target.branch_id):
        raise PermissionDenied("this account has no access to this branch", code="auth.branch_forbidden")
    if Reach.BRANCH in reaches:
        return principal
    holds = principal.kind == "staff" and target.holder_id == principal.account_id
    if Reach.COUNTER in reaches and holds and target.holder_id is not None:
        return principal
    if Reach.WAITING in reaches and target.ticket_waiting:
        return principal
    raise _out_of_reach(operation, target)


def _out_of_reach(operation: Operation, target: Target) -> PermissionDenied:
    movable = any(Reach.WAITING in reaches for reaches in TABLE[operation].roles.values())
    if target.is_ticket and target.ticket_waiting and movable:
        return PermissionDenied(
            "only a manager or the lobby manager can move or cancel a ticket that is still waiting",
            code="access.waiting_ticket",
        )
    if target.is_ticket and target.holder_id is None:
        return PermissionDenied("this ticket is not at your counter", code="ticket.not_at_your_counter")
    if target.is_ticket:
        return PermissionDenied("only the teller at the ticket's counter can do this", code="ticket.only_own_counter")
    return PermissionDenied(
        f"counter {target.counter_number} was opened by another account", code="counter.opened_by_other",
        params={"counter": target.counter_number},
    )


def authorize_branch(principal: Principal | None, operation: Operation, branch_id: int) -> Principal:
    """The role and the branch only: what can be checked before the counter or ticket itself is read."""
    principal = check_role(principal, operation)
    reaches = TABLE[operation].roles[principal.role]
    if not reaches & {Reach.BANK, Reach.SELF} and not in_branch(principal, branch_id):
        raise PermissionDenied("this account has no access to this branch", code="auth.branch_forbidden")
    return principal


def check_issue(principal: Principal | None, channel: Channel, branch_id: int) -> None:
    """May this caller issue on `channel` at this branch (the public: online only)."""
    if principal is None:
        if channel not in ISSUE_CHANNELS[None]:
            raise AuthError(
                "log in first: without an account only online tickets can be taken", code="access.login_to_issue",
                params={"channel": channel.value},
            )
        return
    authorize(principal, Operation.ISSUE_TICKET, Target(branch_id))
    if channel not in ISSUE_CHANNELS.get(principal.role, frozenset()):
        raise PermissionDenied(
            f"a {principal.role.value} account cannot issue {channel.value} tickets", field="channel",
            code="ticket.channel_forbidden", params={"role": principal.role.value, "channel": channel.value},
        )


def check_check_in(principal: Principal | None) -> None:
    """Appointments are checked in on site: by the kiosk or staff, never by an anonymous request."""
    if principal is None:
        raise PermissionDenied(
            "appointments are checked in at the branch's kiosk or by staff, not online", field="appointment",
            code="access.check_in",
        )


def granted_priority(
    requested: PriorityTier | None, principal: Principal | None, verified_tier: PriorityTier | None
) -> PriorityTier:
    """The tier a new ticket gets: staff grant what they ask; otherwise the verified customer's tier, or regular.

    Asking for more than that without staff is refused (not silently lowered), naming the field.
    """
    verified = verified_tier or PriorityTier.REGULAR
    if requested is None:
        return verified
    if principal is not None and principal.role in PRIORITY_GRANTERS:
        return requested
    if requested in (PriorityTier.REGULAR, verified):
        return requested
    raise PermissionDenied(
        f"only staff can grant {requested.value} priority; ask the lobby manager or a teller", field="priority",
        code="access.priority", params={"priority": requested.value},
    )


def audience_of(principal: Principal | None) -> Audience:
    """Which view of tickets and events the caller gets: the public's, a device's or staff's."""
    if principal is None:
        return Audience.PUBLIC
    return Audience.DEVICE if principal.role in DEVICE_ROLES else Audience.STAFF
