"""The main flows again, on a real PostgreSQL started by the tests: what runs on SQLite must run there."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from server.api.app import create_app
from tests.server.api import (
    test_appointments, test_business_day, test_events, test_idempotency, test_remote_queue, test_ticket_flow,
)
from tests.server.conftest import Floor
from tests.helpers import ENGLISH, token_headers

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_client(postgres_container):  # type: ignore[no-untyped-def]
    with TestClient(create_app(postgres_container, background_jobs=False), headers=ENGLISH) as test_client:
        yield test_client


@pytest.fixture
def pg_floor(pg_client, postgres_container) -> Floor:  # type: ignore[no-untyped-def]
    return Floor(pg_client, postgres_container)


def test_full_ticket_life_and_rating(pg_floor, pg_client, clock):
    test_ticket_flow.test_a_ticket_goes_from_issue_to_done_and_is_rated_once(pg_floor, pg_client, clock)


def test_transfer_keeps_arrival(pg_floor, clock):
    test_ticket_flow.test_transfer_keeps_the_arrival_time_and_adds_a_note(pg_floor, clock)


def test_numbering_restarts_each_day(pg_floor, clock):
    test_ticket_flow.test_numbering_restarts_on_the_next_business_day(pg_floor, clock)


def test_expiry(pg_floor, postgres_container, clock, pg_client):
    test_ticket_flow.test_stale_tickets_expire_after_the_business_day(pg_floor, postgres_container, clock, pg_client)


def test_events_resume(pg_floor, pg_client, postgres_container):
    test_events.test_a_client_that_reconnects_with_since_gets_exactly_what_it_missed(pg_floor, pg_client, postgres_container)


def test_event_log_replay(pg_floor, pg_client, postgres_container):
    test_events.test_resuming_from_zero_replays_the_whole_log_in_order(pg_floor, pg_client, postgres_container)


def test_appointment_check_in(pg_client, pg_floor):
    test_appointments.test_checking_in_issues_an_appointment_ticket_for_the_booked_service(pg_client, pg_floor)


def test_slot_capacity(pg_client):
    test_appointments.test_a_slot_takes_as_many_bookings_as_counters_serve_the_service(pg_client)


def test_business_day_on_postgresql(pg_client, pg_floor, clock, postgres_container):
    test_business_day.give_bank_hours(pg_client, token_headers(postgres_container, "admin"))
    test_business_day.test_walk_ins_stop_at_closing_and_the_refusal_says_when_we_open(pg_client, pg_floor, clock, None)
    clock.now = test_business_day.at(30, 10)
    test_business_day.test_bookings_follow_the_hours_holidays_and_make_up_days(pg_client, None)


def test_day_end_and_no_shows_on_postgresql(pg_client, pg_floor, clock, postgres_container):
    test_business_day.give_bank_hours(pg_client, token_headers(postgres_container, "admin"))
    test_business_day.test_at_the_end_of_the_day_counters_close_and_what_is_left_expires_once(
        pg_client, pg_floor, clock, postgres_container, None
    )
    clock.now = test_business_day.at(3, 10)
    manage_token = test_business_day.book(pg_client, "2026-12-03T10:30:00+08:00").json()["manage_token"]
    clock.now = test_business_day.at(3, 11)
    assert test_business_day.close_business_days(postgres_container.changes).no_shows == 1
    assert pg_client.get(f"/api/v1/appointments/manage/{manage_token}").json()["status"] == "no_show"


def test_idempotent_retry_answers_the_same_ticket(pg_client, pg_floor, postgres_container):
    test_idempotency.test_a_retry_with_the_same_key_answers_the_same_ticket_and_issues_nothing(
        pg_client, pg_floor, postgres_container
    )


def test_idempotent_booking(pg_client, postgres_container):
    test_idempotency.test_a_booking_retried_with_its_key_is_the_same_booking_with_the_same_manage_token(
        pg_client, postgres_container
    )


def test_idempotent_retry_while_the_first_is_answered(pg_client, pg_floor, postgres_container, clock):
    test_idempotency.test_a_retry_while_the_first_is_being_answered_is_told_to_wait_and_later_that_the_answer_was_lost(
        pg_client, pg_floor, postgres_container, clock
    )


def test_copies_of_a_request_sent_at_once_make_one_ticket(pg_client, pg_floor, postgres_container):
    """PostgreSQL runs the copies' transactions side by side; the branch lock lets one claim the key."""
    import concurrent.futures

    headers = {**pg_floor.as_("kiosk-1"), "Idempotency-Key": "concurrent-" + "p" * 8}

    def send(_: int):  # type: ignore[no-untyped-def]
        return pg_client.post("/api/v1/branches/demo/tickets", json={"service": "cash", "channel": "kiosk"},
                              headers=headers)

    with concurrent.futures.ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(send, range(6)))

    assert len({answer.json()["token"] for answer in answers if answer.status_code == 201}) == 1
    assert {answer.json()["code"] for answer in answers if answer.status_code != 201} <= {"idempotency.in_progress"}


def test_remote_ticket_waits_uncalled_until_check_in(pg_floor, pg_client, clock):
    test_remote_queue.test_not_called_before_check_in_then_called_in_the_place_it_kept(pg_floor, pg_client, clock)


def test_remote_ticket_expires(pg_floor, pg_client, clock, postgres_container):
    test_remote_queue.test_not_checked_in_by_the_time_it_expires_with_its_reason(
        pg_floor, pg_client, clock, postgres_container
    )


def test_reminder_query_runs(pg_floor, pg_client, clock, postgres_container):
    """The reminder's outbox join (a message id built in SQL) runs on PostgreSQL too."""
    from datetime import timedelta

    tomorrow = (clock.now + timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
    answer = pg_client.post("/api/v1/branches/demo/appointments", json={
        "service": "loans", "slot_start": tomorrow.isoformat(), "name": "王芳", "phone": "13900139000"})
    assert answer.status_code == 201, answer.text
    notifications = postgres_container.notifications
    assert notifications.remind_appointments(postgres_container.changes) == 1
    assert notifications.remind_appointments(postgres_container.changes) == 0
