"""The kiosk's fixtures: a logged-in client of the session's live demo server, and kiosk sessions on it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import shiboken6

from client import BranchQClient
from kiosk.demo_assets import BookedAppointment, book_appointment_now, demo_phone
from kiosk.flows import KioskSession, SessionSettings
from qtkit import Language, Translations, compile_catalogues


@pytest.fixture(scope="session", autouse=True)
def _catalogues() -> None:
    """The `.qm` files are build output: build them if this checkout has not yet."""
    compile_catalogues()


@pytest.fixture
def translations(qapp) -> Iterator[Translations]:  # type: ignore[no-untyped-def]
    built = Translations("kiosk", Language.ZH_CN)
    yield built
    built.set_language(Language.ZH_CN)
    shiboken6.delete(built)


@pytest.fixture
def kiosk_settings(live_server) -> SessionSettings:  # type: ignore[no-untyped-def]
    return SessionSettings(
        branch=live_server.branch, username=live_server.accounts.kiosk, password=live_server.accounts.password,
    )


@pytest.fixture
def kiosk_client(live_server) -> Iterator[BranchQClient]:  # type: ignore[no-untyped-def]
    client = BranchQClient(live_server.base_url)
    yield client
    client.close()


@pytest.fixture
def session_factory(qtbot, kiosk_settings, kiosk_client, translations, open_counters):  # type: ignore[no-untyped-def]
    """Builds a started `KioskSession` (waits until it is online); every one is stopped after the test."""
    made: list[KioskSession] = []

    def make(printer=None, face_capture=None, camera=None, **overrides) -> KioskSession:  # type: ignore[no-untyped-def]
        settings = SessionSettings(**{**kiosk_settings.__dict__, **overrides})
        session = KioskSession(settings, kiosk_client, translations, printer=printer, camera=camera,
                               face_capture=face_capture)
        made.append(session)
        with qtbot.waitSignal(session.menu.changed, timeout=15_000):
            session.start()
        return session

    yield make
    for session in made:
        session.stop()
        # deleted here, on the GUI thread: left to the cycle collector, a session could be collected on
        # whichever thread happens to allocate (a pool thread), and a QObject must die on its own thread
        shiboken6.delete(session)


@pytest.fixture(scope="session")
def open_counters(live_server) -> Iterator[dict[str, int]]:  # type: ignore[no-untyped-def]
    """Counters 1 and 2 of the demo branch open (cash, foreign exchange, accounts are served) for the kiosk
    tests; closed again at the end. Returns counter number (as text) -> id."""
    tellers = []
    opened: dict[str, int] = {}
    for number, username in ((1, live_server.accounts.tellers[0]), (2, live_server.accounts.tellers[1])):
        teller = BranchQClient(live_server.base_url)
        teller.login(username, live_server.accounts.password)
        counters = {c["number"]: c["counter_id"] for c in teller.live_queue(live_server.branch)["counters"]}
        teller.open_counter(counters[number])
        opened[str(number)] = counters[number]
        tellers.append((teller, counters[number]))
    yield opened
    for teller, counter_id in tellers:
        teller.close_counter(counter_id)
        teller.close()


@pytest.fixture
def book_appointment(live_server):  # type: ignore[no-untyped-def]
    """Books an appointment at the demo branch, in the first free quarter-hour slot `minutes_ahead` from now,
    as a customer online would (`kiosk.demo_assets.book_appointment_now`, a new phone number each time)."""
    booker = BranchQClient(live_server.base_url, language="en")

    def book(service: str = "cash", minutes_ahead: int = 15) -> BookedAppointment:
        later = datetime.now(UTC) + timedelta(minutes=minutes_ahead)
        return book_appointment_now(booker, live_server.branch, service, later, name="测试客户",
                                    phone=demo_phone())

    yield book
    booker.close()
