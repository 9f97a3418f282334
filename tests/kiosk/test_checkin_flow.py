"""Appointment check-in, as the flow sees it, against the real server's rules: by QR code, by typed code, and
the answers that are not a check-in (too early, no appointment here today, not a booking code)."""

from __future__ import annotations

import pytest

from kiosk.flows import CheckinOutcome, Screen, TicketStage
from kiosk.flows.checkin import booking_code_of, is_late, is_remote_reference
from kiosk.flows.paper import ticket_fact


def test_a_typed_booking_code_checks_in_and_shows_the_ticket(qtbot, session_factory, book_appointment) -> None:
    booking = book_appointment("cash", minutes_ahead=15)
    session = session_factory()
    session.navigator.go(Screen.CHECKIN)
    for key in booking.code:
        session.checkin.type_key(key)
    assert session.checkin.code_complete
    with qtbot.waitSignal(session.checkin.finished, timeout=10_000) as finished:
        session.checkin.submit_typed()
    assert finished.args == [CheckinOutcome.CHECKED_IN]
    assert session.navigator.screen is Screen.TICKET
    assert session.ticket.ticket is not None
    assert session.ticket.ticket.service.code == "cash"
    qtbot.waitUntil(lambda: session.ticket.stage is not TicketStage.PRINTING, timeout=10_000)


def test_the_qr_code_of_the_booking_checks_in(qtbot, session_factory, book_appointment) -> None:
    booking = book_appointment("account", minutes_ahead=30)
    session = session_factory()
    session.navigator.go(Screen.CHECKIN)
    with qtbot.waitSignal(session.checkin.finished, timeout=10_000) as finished:
        session.checkin.qr_decoded(booking.qr_code)
    assert finished.args == [CheckinOutcome.CHECKED_IN]
    assert session.ticket.ticket.service.code == "account"
    assert booking_code_of(booking.qr_code) == booking.code
    assert ticket_fact(session.ticket.ticket, None, "documents_zh")  # the answer says what to bring


def test_late_is_after_the_slot_began() -> None:
    slot = "2026-12-02T10:00:00+08:00"
    assert is_late("2026-12-02T02:10:00+00:00", slot)
    assert not is_late("2026-12-02T01:55:00+00:00", slot)
    assert not is_late("2026-12-02T02:10:00+00:00", None)


def test_a_second_check_in_of_the_same_booking_is_explained(qtbot, session_factory, book_appointment) -> None:
    booking = book_appointment("fx", minutes_ahead=15)
    session = session_factory()
    with qtbot.waitSignal(session.checkin.finished, timeout=10_000):
        session.checkin.qr_decoded(booking.qr_code)
    session.navigator.home()
    session.navigator.go(Screen.CHECKIN)
    with qtbot.waitSignal(session.checkin.finished, timeout=10_000) as again:
        session.checkin.qr_decoded(booking.qr_code)
    assert again.args == [CheckinOutcome.ALREADY]
    assert session.navigator.screen is Screen.CHECKIN


def test_too_early_is_explained_and_nothing_is_issued(qtbot, session_factory, book_appointment) -> None:
    booking = book_appointment("cash", minutes_ahead=180)
    session = session_factory()
    session.navigator.go(Screen.CHECKIN)
    with qtbot.waitSignal(session.checkin.finished, timeout=10_000) as finished:
        session.checkin.qr_decoded(booking.code)
    assert finished.args == [CheckinOutcome.TOO_EARLY]
    assert session.checkin.ticket is None
    assert session.checkin.typed_code == ""  # ready for another try


def test_a_code_with_no_appointment_here_today(qtbot, session_factory) -> None:
    session = session_factory()
    for key in "ZZZZ22":
        session.checkin.type_key(key)
    with qtbot.waitSignal(session.checkin.finished, timeout=10_000) as finished:
        session.checkin.submit_typed()
    assert finished.args == [CheckinOutcome.NOT_TODAY]


def test_an_altered_qr_code_is_not_a_booking_code(qtbot, session_factory, book_appointment) -> None:
    booking = book_appointment("cash", minutes_ahead=45)
    altered = booking.qr_code[:-3] + ("AAA" if not booking.qr_code.endswith("AAA") else "BBB")
    session = session_factory()
    with qtbot.waitSignal(session.checkin.finished, timeout=10_000) as finished:
        session.checkin.qr_decoded(altered)
    assert finished.args == [CheckinOutcome.BAD_CODE]


def test_the_keypad_takes_only_characters_a_code_can_hold(session_factory) -> None:
    session = session_factory()
    for key in "0O1Ik7x#":
        session.checkin.type_key(key)
    assert session.checkin.typed_code == "01K7X"  # 0 and 1 for a remote ticket's number; never O or I
    session.checkin.erase()
    assert session.checkin.typed_code == "01K7"
    session.checkin.submit_typed()  # incomplete: nothing is sent
    assert not session.checkin.checking_now


def test_a_booking_shown_to_the_camera_checks_in(qtbot, session_factory, book_appointment, tmp_path) -> None:
    """The whole way: frames holding the confirmation's real signed QR code, the camera worker and its scanner,
    the check-in screen, the server's answer."""
    from kiosk.demo_assets import write_camera_folder
    from kiosk.devices import CameraFeed

    booking = book_appointment("cash", minutes_ahead=60)
    write_camera_folder(tmp_path, [booking.qr_code])
    camera = CameraFeed(str(tmp_path))
    session = session_factory(camera=camera)
    session.navigator.go(Screen.CHECKIN)
    try:
        with qtbot.waitSignal(session.checkin.finished, timeout=20_000) as finished:
            camera.start()
    finally:
        camera.stop()
    assert finished.args == [CheckinOutcome.CHECKED_IN]
    assert session.navigator.screen is Screen.TICKET


# -- a customer who joined the queue from their phone arrives -------------------------------------------


@pytest.fixture
def join_remotely(live_server):  # type: ignore[no-untyped-def]
    """Switches the demo branch's remote queue on (off again after) and joins it as a phone would."""
    from client import BranchQClient

    manager = BranchQClient(live_server.base_url, language="en")
    manager.login("manager", live_server.accounts.password)
    settings = f"/branches/{live_server.branch}/remote-queue/settings"
    manager.request("PUT", settings, json={"enabled": True, "daily_cap": 500})

    def join(service: str = "cash") -> dict:  # type: ignore[type-arg]
        return dict(manager.post(f"/branches/{live_server.branch}/remote-queue/tickets", {"service": service},
                                 auth=False))

    yield join
    manager.request("PUT", settings, json={"enabled": False})
    manager.close()


def test_the_qr_code_of_a_remote_ticket_s_status_page_checks_its_customer_in(qtbot, session_factory, join_remotely):
    remote = join_remotely("cash")
    assert is_remote_reference(remote["status_url"]) and not is_remote_reference("ABC234")
    session = session_factory()
    session.navigator.go(Screen.CHECKIN)
    with qtbot.waitSignal(session.checkin.finished, timeout=10_000) as finished:
        session.checkin.qr_decoded(remote["status_url"])  # the phone's screen, held to the camera
    assert finished.args == [CheckinOutcome.CHECKED_IN]
    assert session.navigator.screen is Screen.TICKET
    assert session.ticket.ticket.number == remote["number"]
    with qtbot.waitSignal(session.checkin.finished, timeout=10_000) as again:
        session.navigator.go(Screen.CHECKIN)
        session.checkin.qr_decoded(remote["qr_code"])
    assert again.args == [CheckinOutcome.ALREADY]


def test_a_remote_ticket_s_number_typed_on_the_keypad_checks_it_in(qtbot, session_factory, join_remotely):
    remote = join_remotely("fx")
    session = session_factory()
    session.navigator.go(Screen.CHECKIN)
    for key in remote["number"]:
        session.checkin.type_key(key)
    assert session.checkin.typed_code == remote["number"] and session.checkin.code_complete
    with qtbot.waitSignal(session.checkin.finished, timeout=10_000) as finished:
        session.checkin.submit_typed()
    assert finished.args == [CheckinOutcome.CHECKED_IN]
    assert session.ticket.ticket.number == remote["number"]
