"""Every route of the app, tried by every kind of caller, answers as the permission table says.

The expectations are computed here from the rows of `server.services.permissions.TABLE` and plain facts about
each caller (its role, its branch, whether it holds counter 1), not by asking the server's own checks. A route
added to the app without a row (or without a probe here) fails `test_every_route_has_a_row_and_a_probe`.

Each route is probed on the demo branch in one prepared state: counter 1 is held by teller1 and has ticket
`called` on it, teller2 holds counter 2 (where ticket `missed` missed its call), ticket `waiting` waits, an
appointment is booked, New Year's Day is a holiday. After a request that changed the state, the next caller
gets a freshly prepared copy.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import iter_route_contexts
from sqlalchemy import func, select
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from server.api.app import API_PREFIX, create_app
from server.container import build_container
from server.db.models import Appointment, Branch, Device, Event, Staff
from server.domain.enums import Role
from server.services.permissions import ISSUE_CHANNELS, TABLE, Operation, Page, Reach
from tests.helpers import DEMO_PASSWORD, ENGLISH, FakeClock, token_headers

ALLOWED = "allowed"
HOLIDAY = "2027-01-01"
"""A special day the prepared state has (far from the clock's day, so the floor stays open)."""


@dataclass(frozen=True)
class Caller:
    name: str
    username: str | None  # None: anonymous
    role: Role | None
    home: str = "demo"  # the branch the account belongs to

    @property
    def holds_counter_one(self) -> bool:
        return self.username == "teller1"


CALLERS = (
    Caller("anonymous", None, None),
    Caller("kiosk", "kiosk-1", Role.KIOSK),
    Caller("display", "display-1", Role.DISPLAY),
    Caller("teller at own counter", "teller1", Role.TELLER),
    Caller("teller at another counter", "teller2", Role.TELLER),
    Caller("lobby manager", "lobby", Role.LOBBY),
    Caller("manager", "manager", Role.MANAGER),
    Caller("admin", "admin", Role.ADMIN),
    Caller("kiosk of demo2", "demo2-kiosk-1", Role.KIOSK, "demo2"),
    Caller("display of demo2", "demo2-display-1", Role.DISPLAY, "demo2"),
    Caller("teller of demo2 at own counter", "demo2-teller1", Role.TELLER, "demo2"),
    Caller("teller of demo2 at another counter", "demo2-teller2", Role.TELLER, "demo2"),
    Caller("lobby manager of demo2", "demo2-lobby", Role.LOBBY, "demo2"),
    Caller("manager of demo2", "demo2-manager", Role.MANAGER, "demo2"),
    Caller("admin of demo2", "demo2-admin", Role.ADMIN, "demo2"),
)


# -- the prepared state -------------------------------------------------------------------------


class World:
    """A fresh copy of the seeded database with the floor set up. All worlds of a test share one app
    (building it is the slow part); a world puts its own container in before each request."""

    def __init__(self, client: TestClient, template: Path, directory: Path, settings: Any) -> None:
        directory.mkdir(parents=True)
        shutil.copyfile(template, directory / "branchq.db")
        self.clock = FakeClock()
        settings = settings.model_copy(
            update={"database_url": f"sqlite:///{directory / 'branchq.db'}", "face_vault_dir": directory / "vault"}
        )
        self.container = build_container(settings, clock=self.clock, migrate=False)
        self._client = client
        self.facts: dict[str, Any] = {}
        self._set_up_floor()

    @property
    def client(self) -> TestClient:
        self._client.app.state.container = self.container  # type: ignore[attr-defined]
        return self._client

    def fingerprint(self) -> tuple[int, ...]:
        """Changes to the state show here: every change of the floor or configuration records an event."""
        with self.container.db.read() as session:
            return tuple(
                session.scalar(select(func.count()).select_from(model)) or 0
                for model in (Event, Branch, Staff, Device, Appointment)
            )

    def headers(self, username: str | None) -> dict[str, str]:
        return token_headers(self.container, username) if username else {}

    def post(self, path: str, username: str | None, body: Any = None) -> dict[str, Any]:
        response = self.client.post(API_PREFIX + path, json=body, headers=self.headers(username))
        assert response.status_code in (200, 201), (path, response.text)
        return response.json()

    def _set_up_floor(self) -> None:
        self.post("/counters/1/open", "teller1")
        self.post("/counters/2/open", "teller2")
        called = self.post("/branches/demo/tickets", "kiosk-1", {"service": "cash", "channel": "kiosk"})
        assert self.post("/counters/1/call-next", "teller1")["id"] == called["id"]
        missed = self.post("/branches/demo/tickets", "kiosk-1", {"service": "cash", "channel": "kiosk"})
        assert self.post("/counters/2/call-next", "teller2")["id"] == missed["id"]
        self.post(f"/tickets/{missed['id']}/no-show", "teller2")
        waiting = self.post("/branches/demo/tickets", "kiosk-1", {"service": "cash", "channel": "kiosk"})
        slot = (self.clock.now + timedelta(hours=4)).replace(minute=0, second=0, microsecond=0)
        booking = self.post(
            "/branches/demo/appointments", None,
            {"service": "loans", "slot_start": slot.isoformat(), "name": "王芳", "phone": "13800138000"},
        )
        self.client.put(
            f"{API_PREFIX}/admin/branches/demo/days/{HOLIDAY}", json={"closed": True}, headers=self.headers("admin")
        ).raise_for_status()
        self.facts = {"called": called, "waiting": waiting, "missed": missed, "appointment": booking["code"],
                      "manage_token": booking["manage_token"]}


@pytest.fixture
def worlds(sqlite_template: Path, tmp_path: Path, settings, container) -> Iterator[Callable[[], World]]:  # type: ignore[no-untyped-def]
    made: list[World] = []
    with TestClient(create_app(container, background_jobs=False), headers=ENGLISH) as client:

        def make() -> World:
            made.append(World(client, sqlite_template, tmp_path / f"world{len(made)}", settings))
            return made[-1]

        yield make
    for world in made:
        world.container.close()


# -- probes: one request per route (two where the public and accounts use it differently) ------


@dataclass(frozen=True)
class Probe:
    """One way to use a route: `public` probes need no account, `account` probes are judged by the roles."""

    method: str
    path: Callable[[World], str]
    body: Callable[[World, Caller], Any] = lambda world, caller: None
    public: bool = False
    ticket_waiting: bool = False
    writes: bool = field(default=True)
    page: bool = False
    """A page (or its files): the path is the server's own, not under `/api/v1`."""

    def url(self, world: World) -> str:
        return self.path(world) if self.page else API_PREFIX + self.path(world)


def _fixed(path: str) -> Callable[[World], str]:
    return lambda world: path


def _body(value: Any) -> Callable[[World, Caller], Any]:
    return lambda world, caller: value


def _issue_body(world: World, caller: Caller) -> dict[str, str]:
    channels = sorted(ISSUE_CHANNELS.get(caller.role, frozenset()) - {"appointment"}) if caller.role else []
    return {"service": "cash", "channel": channels[0] if channels else "kiosk"}


def _called(world: World) -> dict[str, Any]:
    return world.facts["called"]


def _waiting(world: World) -> dict[str, Any]:
    return world.facts["waiting"]


ENCODING = [0.0] * 127 + [1.0]
CONSENT = {"text_version": "face-checkin-v1", "channel": "counter"}
NEW_BRANCH = {"code": "probe", "name_zh": "探测", "name_en": "Probe"}

def _page(path: Callable[[World], str]) -> tuple[Probe, ...]:
    return (Probe("GET", path, public=True, writes=False, page=True),)


PROBES: dict[Operation | Page, tuple[Probe, ...]] = {
    Operation.HEALTH: (Probe("GET", _fixed("/health"), public=True, writes=False),),
    Operation.LOGIN: (
        Probe("POST", _fixed("/auth/login"), _body({"username": "teller3", "password": DEMO_PASSWORD}),
              public=True, writes=False),
    ),
    Operation.ME: (Probe("GET", _fixed("/auth/me"), writes=False),),
    Operation.MY_DAY: (Probe("GET", _fixed("/auth/me/day"), writes=False),),
    Operation.LOGOUT: (Probe("POST", _fixed("/auth/logout"), public=True, writes=False),),
    # the right current password and a new one too short: refused as input (422) once the caller may use it
    Operation.CHANGE_PASSWORD: (
        Probe("POST", _fixed("/auth/password"), _body({"current_password": DEMO_PASSWORD, "new_password": "x"}),
              writes=False),
    ),
    Operation.BRANCH_SERVICES: (Probe("GET", _fixed("/branches/demo/services"), public=True, writes=False),),
    Operation.ISSUE_TICKET: (
        Probe("POST", _fixed("/branches/demo/tickets"), _body({"service": "cash", "channel": "online"}), public=True),
        Probe("POST", _fixed("/branches/demo/tickets"), _issue_body),
    ),
    Operation.LIVE_QUEUE: (Probe("GET", _fixed("/branches/demo/queue"), writes=False),),
    Operation.DISPLAY_BOARD: (Probe("GET", _fixed("/branches/demo/display"), writes=False),),
    Operation.BRANCH_EVENTS: (Probe("WS", _fixed("/branches/demo/events"), writes=False),),
    Operation.EVENTS_TICKET: (Probe("POST", _fixed("/branches/demo/events/ticket"), writes=False),),
    Operation.OPEN_COUNTER: (Probe("POST", _fixed("/counters/3/open")),),
    Operation.PAUSE_COUNTER: (Probe("POST", _fixed("/counters/1/pause")),),
    Operation.RESUME_COUNTER: (Probe("POST", _fixed("/counters/1/resume")),),
    Operation.CLOSE_COUNTER: (Probe("POST", _fixed("/counters/1/close")),),
    Operation.CALL_NEXT: (Probe("POST", _fixed("/counters/1/call-next")),),
    Operation.RELEASE_COUNTER: (Probe("POST", _fixed("/counters/1/release")),),
    Operation.COUNTER_STATUS: (Probe("GET", _fixed("/counters/1"), writes=False),),
    Operation.CALL_CHOSEN: (
        Probe("POST", lambda world: f"/counters/1/call/{_waiting(world)['id']}", _body({"reason": "elderly"})),
    ),
    Operation.STAFF_TICKET: (Probe("GET", lambda world: f"/tickets/{_called(world)['id']}/staff", writes=False),),
    Operation.TICKET_STATUS: (
        Probe("GET", lambda world: f"/tickets/{_called(world)['token']}", public=True, writes=False),
    ),
    Operation.RECALL_TICKET: (Probe("POST", lambda world: f"/tickets/{_called(world)['id']}/recall"),),
    Operation.START_TICKET: (Probe("POST", lambda world: f"/tickets/{_called(world)['id']}/start"),),
    Operation.NO_SHOW_TICKET: (Probe("POST", lambda world: f"/tickets/{_called(world)['id']}/no-show"),),
    Operation.FINISH_TICKET: (Probe("POST", lambda world: f"/tickets/{_called(world)['id']}/finish"),),
    Operation.TRANSFER_TICKET: (
        Probe("POST", lambda world: f"/tickets/{_called(world)['id']}/transfer", _body({"service": "fx"})),
        Probe("POST", lambda world: f"/tickets/{_waiting(world)['id']}/transfer", _body({"service": "fx"}),
              ticket_waiting=True),
    ),
    Operation.CANCEL_TICKET: (
        Probe("POST", lambda world: f"/tickets/{_waiting(world)['token']}/cancel", public=True),
        Probe("POST", lambda world: f"/tickets/{_called(world)['id']}/cancel"),
        Probe("POST", lambda world: f"/tickets/{_waiting(world)['id']}/cancel", ticket_waiting=True),
    ),
    Operation.RATE_TICKET: (
        Probe("POST", lambda world: f"/tickets/{_called(world)['token']}/rating", _body({"score": 5}), public=True),
        Probe("POST", lambda world: f"/tickets/{_called(world)['id']}/rating", _body({"score": 5})),
    ),
    Operation.RATING_DETAILS: (
        Probe("POST", lambda world: f"/tickets/{_called(world)['qr_code']}/rating/details",
              _body({"reasons": ["wait_long"]}), public=True),
    ),
    Operation.RATING_REASONS: (Probe("GET", _fixed("/feedback/reasons"), public=True, writes=False),),
    Operation.TICKET_EVENTS: (
        Probe("WS", lambda world: f"/tickets/{_waiting(world)['qr_code']}/events", public=True, writes=False),
    ),
    Operation.RETURN_TICKET: (Probe("POST", lambda world: f"/tickets/{world.facts['missed']['token']}/return"),),
    Operation.BOOK_APPOINTMENT: (
        Probe("POST", _fixed("/branches/demo/appointments"), public=True,
              body=lambda world, caller: {"service": "cash", "name": "李雷", "phone": "13900139000",
                                          "slot_start": (world.clock.now + timedelta(hours=5))
                                          .replace(minute=0, second=0, microsecond=0).isoformat()}),
    ),
    Operation.APPOINTMENT_STATUS: (
        Probe("GET", lambda world: f"/appointments/{world.facts['appointment']}", writes=False),
    ),
    Operation.CANCEL_APPOINTMENT: (Probe("POST", lambda world: f"/appointments/{world.facts['appointment']}/cancel"),),
    Operation.MANAGED_APPOINTMENT_STATUS: (
        Probe("GET", lambda world: f"/appointments/manage/{world.facts['manage_token']}", public=True, writes=False),
    ),
    Operation.CANCEL_MANAGED_APPOINTMENT: (
        Probe("POST", lambda world: f"/appointments/manage/{world.facts['manage_token']}/cancel", public=True),
    ),
    Operation.RESCHEDULE_MANAGED_APPOINTMENT: (
        Probe("POST", lambda world: f"/appointments/manage/{world.facts['manage_token']}/reschedule", public=True,
              body=lambda world, caller: {"slot_start": (world.clock.now + timedelta(hours=6))
                                          .replace(minute=0, second=0, microsecond=0).isoformat()}),
    ),
    Operation.BOOKING_SLOTS: (
        Probe("GET", _fixed("/branches/demo/slots?service=loans"), public=True, writes=False),
    ),
    Operation.BOOKING_SETTINGS: (Probe("GET", _fixed("/branches/demo/booking-settings"), writes=False),),
    Operation.UPDATE_BOOKING_SETTINGS: (
        Probe("PATCH", _fixed("/branches/demo/booking-settings"),
              _body({"max_open_bookings_per_phone": 4, "capacities": {"loans": 2}})),
    ),
    Operation.ENROLL_FACE: (
        Probe("POST", lambda world: f"/appointments/{world.facts['appointment']}/face",
              _body({"encodings": [ENCODING], "consent": CONSENT})),
    ),
    Operation.IDENTIFY_FACE: (
        Probe("POST", _fixed("/branches/demo/faces/identify"), _body({"encoding": ENCODING}), writes=False),
    ),
    Operation.FORGET_FACE: (Probe("DELETE", lambda world: f"/appointments/{world.facts['appointment']}/face"),),
    Operation.REPORT_DEVICE_HEALTH: (
        Probe("POST", _fixed("/devices/me/health"), _body({"printer": "paper_out", "camera": "ok"})),
    ),
    Operation.DEVICE_HEARTBEAT: (Probe("POST", _fixed("/devices/me/heartbeat"), writes=False),),
    Operation.BRANCH_DEVICES: (Probe("GET", _fixed("/branches/demo/devices"), writes=False),),
    Operation.DAY_STATS: (Probe("GET", _fixed("/branches/demo/stats"), writes=False),),
    Operation.EXPORT_STATS: (Probe("GET", _fixed("/branches/demo/stats/export?table=services"), writes=False),),
    Operation.STAFFING: (Probe("GET", _fixed("/branches/demo/staffing"), writes=False),),
    Operation.REMOTE_OFFER: (Probe("GET", _fixed("/branches/demo/remote-queue"), public=True, writes=False),),
    Operation.JOIN_REMOTE: (
        Probe("POST", _fixed("/branches/demo/remote-queue/tickets"), _body({"service": "cash"}), public=True),
    ),
    Operation.REMOTE_CHECK_IN: (
        Probe("POST", _fixed("/branches/demo/remote-queue/check-in"),
              lambda world, caller: {"ticket": _waiting(world)["number"]}),
    ),
    Operation.REMOTE_SETTINGS: (Probe("GET", _fixed("/branches/demo/remote-queue/settings"), writes=False),),
    Operation.CONFIGURE_REMOTE: (
        Probe("PUT", _fixed("/branches/demo/remote-queue/settings"), _body({"enabled": True, "daily_cap": 10})),
    ),
    Operation.LEAVE_PHONE: (
        Probe("POST", lambda world: f"/tickets/{_waiting(world)['qr_code']}/phone", _body({"phone": "13800138000"}),
              public=True),
    ),
    Operation.SET_SERVICE_TARGET: (
        Probe("PUT", _fixed("/branches/demo/services/cash/target"), _body({"target_wait_min": 12})),
    ),
    Operation.SET_NOTICES: (
        Probe("PUT", _fixed("/branches/demo/notices"), _body({"notice_zh": "今日理财讲座", "notice_en": "Talk today"})),
    ),
    Operation.ADMIN_LIST_BRANCHES: (Probe("GET", _fixed("/admin/branches"), writes=False),),
    Operation.ADMIN_CREATE_BRANCH: (Probe("POST", _fixed("/admin/branches"), _body(NEW_BRANCH)),),
    Operation.ADMIN_GET_BRANCH: (Probe("GET", _fixed("/admin/branches/demo"), writes=False),),
    Operation.ADMIN_UPDATE_BRANCH: (Probe("PATCH", _fixed("/admin/branches/demo"), _body({"max_recalls": 3})),),
    Operation.ADMIN_DEACTIVATE_BRANCH: (Probe("POST", _fixed("/admin/branches/demo/deactivate")),),
    Operation.ADMIN_LIST_SPECIAL_DAYS: (Probe("GET", _fixed("/admin/branches/demo/days"), writes=False),),
    Operation.ADMIN_SET_SPECIAL_DAY: (
        Probe("PUT", _fixed("/admin/branches/demo/days/2026-10-01"), _body({"closed": True, "note": "国庆节"})),
    ),
    Operation.ADMIN_REMOVE_SPECIAL_DAY: (Probe("DELETE", lambda world: f"/admin/branches/demo/days/{HOLIDAY}"),),
    Operation.ADMIN_LIST_SERVICES: (Probe("GET", _fixed("/admin/branches/demo/services"), writes=False),),
    Operation.ADMIN_CREATE_SERVICE: (
        Probe("POST", _fixed("/admin/branches/demo/services"),
              _body({"code": "probe", "name_zh": "探测", "name_en": "Probe", "prefix": "P"})),
    ),
    Operation.ADMIN_UPDATE_SERVICE: (Probe("PATCH", _fixed("/admin/services/1"), _body({"name_en": "Cash"})),),
    Operation.ADMIN_DEACTIVATE_SERVICE: (Probe("POST", _fixed("/admin/services/6/deactivate")),),
    Operation.ADMIN_LIST_CATEGORIES: (Probe("GET", _fixed("/admin/branches/demo/categories"), writes=False),),
    Operation.ADMIN_CREATE_CATEGORY: (
        Probe("POST", _fixed("/admin/branches/demo/categories"),
              _body({"code": "probe", "name_zh": "探测", "name_en": "Probe"})),
    ),
    Operation.ADMIN_UPDATE_CATEGORY: (Probe("PATCH", _fixed("/admin/categories/1"), _body({"name_en": "Cash"})),),
    Operation.ADMIN_DELETE_CATEGORY: (Probe("DELETE", _fixed("/admin/categories/4")),),
    Operation.ADMIN_LIST_COUNTERS: (Probe("GET", _fixed("/admin/branches/demo/counters"), writes=False),),
    Operation.ADMIN_CREATE_COUNTER: (
        Probe("POST", _fixed("/admin/branches/demo/counters"), _body({"number": 9, "services": ["cash"]})),
    ),
    Operation.ADMIN_UPDATE_COUNTER: (Probe("PATCH", _fixed("/admin/counters/4"), _body({"name": "4号"})),),
    Operation.ADMIN_DEACTIVATE_COUNTER: (Probe("POST", _fixed("/admin/counters/4/deactivate")),),
    Operation.ADMIN_LIST_STAFF: (Probe("GET", _fixed("/admin/staff"), writes=False),),
    Operation.ADMIN_CREATE_STAFF: (
        Probe("POST", _fixed("/admin/staff"),
              _body({"username": "probe", "role": "teller", "password": "probe-password", "branches": ["demo"]})),
    ),
    Operation.ADMIN_UPDATE_STAFF: (Probe("PATCH", _fixed("/admin/staff/8"), _body({"display_name": "柜员6"})),),
    Operation.ADMIN_DEACTIVATE_STAFF: (Probe("POST", _fixed("/admin/staff/8/deactivate")),),
    Operation.ADMIN_LIST_DEVICES: (Probe("GET", _fixed("/admin/devices"), writes=False),),
    Operation.ADMIN_CREATE_DEVICE: (
        Probe("POST", _fixed("/admin/devices"),
              _body({"username": "probe", "role": "kiosk", "password": "probe-password", "branch": "demo"})),
    ),
    Operation.ADMIN_UPDATE_DEVICE: (Probe("PATCH", _fixed("/admin/devices/1"), _body({"description": "探测"})),),
    Operation.ADMIN_DEACTIVATE_DEVICE: (Probe("POST", _fixed("/admin/devices/1/deactivate")),),
    Page.FRONT_DOOR: _page(_fixed("/")),
    Page.TICKET_PAGE: _page(lambda world: f"/t/{_waiting(world)['qr_code']}"),
    Page.REMOTE_PAGE: _page(_fixed("/q/demo")),
    Page.DISPLAY_PAGE: _page(_fixed("/display/demo")),
    Page.MANAGE_HOME: _page(_fixed("/manage")),
    Page.MANAGE_PAGE: _page(_fixed("/manage/demo")),
    Page.BOOK_PAGE: _page(_fixed("/book/demo")),
    Page.APPOINTMENT_PAGE: _page(lambda world: f"/a/{world.facts['manage_token']}"),
    Page.STATIC: _page(_fixed("/static/site.css")),
    Page.PALETTE: _page(_fixed("/palette.css")),
    Page.DOCS: _page(_fixed("/docs")),
    Page.DOCS_ASSET: _page(_fixed("/docs/assets/swagger-ui.css")),
    Page.OPENAPI: _page(_fixed("/openapi.json")),
}


# -- what the table expects ---------------------------------------------------------------------


def expected(operation: Operation | Page, probe: Probe, caller: Caller) -> str | int:
    """ALLOWED, 401 or 403, from the table's row and the facts of this probe."""
    rule = TABLE[operation]
    if probe.public:
        assert rule.anyone, f"{operation} has a public probe but its row is not open to anyone"
        return ALLOWED
    if caller.role is None:
        return 401
    reaches = rule.roles.get(caller.role)
    if not reaches:
        return 403
    if reaches & {Reach.BANK, Reach.SELF}:
        return ALLOWED
    if caller.role is not Role.ADMIN and caller.home != "demo":
        return 403
    if Reach.BRANCH in reaches:
        return ALLOWED
    if Reach.COUNTER in reaches and caller.holds_counter_one and not probe.ticket_waiting:
        return ALLOWED
    if Reach.WAITING in reaches and probe.ticket_waiting:
        return ALLOWED
    return 403


def answer(world: World, probe: Probe, caller: Caller, tokens: dict[str | None, dict[str, str]]) -> int:
    path = probe.url(world)
    headers = tokens[caller.username]
    if probe.method == "WS":
        try:
            with world.client.websocket_connect(path, headers=headers):
                return 101
        except WebSocketDisconnect as closed:
            return closed.code - 4000
    body = probe.body(world, caller)
    response = world.client.request(probe.method, path, json=body, headers=headers)
    return response.status_code


def outcome(status: int) -> str | int:
    return status if status in (401, 403) else ALLOWED


# -- the tests ----------------------------------------------------------------------------------


def test_every_route_has_a_row_and_a_probe(container):  # type: ignore[no-untyped-def]
    app = create_app(container, background_jobs=False)
    routes, pages = set(), set()
    for route in iter_route_contexts(app.routes):
        path = route.path or ""
        for method in sorted(route.methods or {"WS"}):
            if method == "HEAD":
                continue
            if path.startswith(API_PREFIX):
                routes.add(f"{method} {path.removeprefix(API_PREFIX)}")
            else:
                pages.add(f"{method} {path}")
    table = {operation.value for operation in Operation}
    assert routes - table == set(), "routes without a row in the permission table"
    assert table - routes == set(), "rows of the permission table for routes that do not exist"
    assert pages == {page.value for page in Page}, "pages and the table's page rows differ"
    assert set(TABLE) == set(Operation) | set(Page) == set(PROBES)


@pytest.mark.parametrize("operation", [*Operation, *Page], ids=lambda operation: operation.value)
def test_every_caller_gets_what_the_table_says(worlds, operation):  # type: ignore[no-untyped-def]
    world = worlds()
    tokens = {caller.username: world.headers(caller.username) for caller in CALLERS}
    mismatches = []
    for probe in PROBES[operation]:
        for caller in CALLERS:
            want = expected(operation, probe, caller)
            before = world.fingerprint() if probe.writes else None
            status = answer(world, probe, caller, tokens)
            if outcome(status) != want:
                mismatches.append(f"{caller.name} {probe.method} {probe.path(world)}: got {status}, table says {want}")
            if before is not None and world.fingerprint() != before:
                world = worlds()  # the next caller finds the prepared state again
    assert mismatches == []


@pytest.mark.parametrize("stale", ["Bearer not-a-jwt", "expired"])
def test_public_routes_ignore_stale_credentials(worlds, container, stale):  # type: ignore[no-untyped-def]
    from server.services.auth import Principal, issue_token

    world = worlds()
    if stale == "expired":
        principal = Principal("staff", 3, "teller1", Role.TELLER, frozenset({1}))
        token, _ = issue_token(principal, world.container.settings.secret_key, world.clock.now - timedelta(days=2), 60)
        stale = f"Bearer {token}"
    for operation, probes in PROBES.items():
        for probe in probes:
            if not probe.public:
                continue
            for headers in ({"Authorization": stale}, {"Cookie": f"branchq_token={stale.split()[-1]}"}):
                if probe.method == "WS":
                    with world.client.websocket_connect(probe.url(world), headers=headers) as stream:
                        assert stream.receive_json()["type"] == "status"
                    continue
                response = world.client.request(
                    probe.method, probe.url(world), json=probe.body(world, CALLERS[0]), headers=headers
                )
                assert response.status_code not in (401, 403), (operation, headers, response.text)
