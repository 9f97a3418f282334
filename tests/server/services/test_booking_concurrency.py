"""Customers booking at once: the last place of a slot goes to one of them, and one phone racing itself
gets no more than its branch's limit. On embedded SQLite and on a real PostgreSQL."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from server.db.models import Appointment, Customer
from server.domain.errors import DomainError
from server.services.appointments import BookingRequest

RACERS = 10
SLOT = datetime(2026, 11, 30, 14, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # the test clock is 10:00 that day


def race(container, requests: list[BookingRequest]) -> list[str]:  # type: ignore[no-untyped-def]
    start = threading.Barrier(len(requests))

    def book(request: BookingRequest) -> str:
        start.wait()
        try:
            return container.appointments.book(request)["code"] and "booked"
        except DomainError as error:
            return error.code

    with ThreadPoolExecutor(len(requests)) as pool:
        return list(pool.map(book, requests))


def last_place_and_one_phone(container) -> None:  # type: ignore[no-untyped-def]
    strangers = [BookingRequest("demo", "loans", SLOT, f"客户{n}", f"1390000{n:04d}") for n in range(RACERS)]
    outcomes = race(container, strangers)
    assert sorted(outcomes) == ["appointment.slot_full"] * (RACERS - 1) + ["booked"]

    hours = [SLOT.replace(hour=15 + n // 4, minute=15 * (n % 4)) for n in range(6)]
    same_phone = [BookingRequest("demo", "cash", start, "王芳", "13812345678") for start in hours]
    outcomes = race(container, same_phone)
    assert sorted(outcomes) == ["appointment.phone_limit"] * 3 + ["booked"] * 3
    with container.db.read() as session:
        assert session.scalars(select(Customer).where(Customer.phone_masked == "138****5678")).all().__len__() == 1
        assert len(session.scalars(select(Appointment)).all()) == 4


def test_racing_bookings_on_sqlite(container):  # type: ignore[no-untyped-def]
    last_place_and_one_phone(container)


@pytest.mark.postgres
def test_racing_bookings_on_postgresql(postgres_container):  # type: ignore[no-untyped-def]
    last_place_and_one_phone(postgres_container)


def same_new_phone_at_two_branches(container) -> None:  # type: ignore[no-untyped-def]
    """Each branch books under its own lock; the phone's first two bookings still make one customer."""
    for attempt in range(5):
        phone = f"1370000{attempt:04d}"
        start = SLOT.replace(hour=18 + attempt)
        requests = [BookingRequest(branch, "cash", start, "李雷", phone) for branch in ("demo", "demo2")]
        assert race(container, requests) == ["booked", "booked"]
        with container.db.read() as session:
            customers = session.scalars(select(Customer).where(Customer.phone_masked == f"137****{attempt:04d}")).all()
            assert len(customers) == 1


def test_one_new_phone_at_two_branches_at_once_on_sqlite(container):  # type: ignore[no-untyped-def]
    same_new_phone_at_two_branches(container)


@pytest.mark.postgres
def test_one_new_phone_at_two_branches_at_once_on_postgresql(postgres_container):  # type: ignore[no-untyped-def]
    same_new_phone_at_two_branches(postgres_container)
