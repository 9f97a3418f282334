"""A kiosk's health: which parts changed in a report, when staff must act, and when it has gone silent."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from server.domain.device_health import SILENT_AFTER, CameraState, DeviceHealth, PrinterState, is_silent

NOON = datetime(2026, 12, 2, 4, 0, tzinfo=UTC)


def test_a_report_changes_only_the_parts_it_names():
    before = DeviceHealth(PrinterState.OK, CameraState.OK)
    after = before.updated(PrinterState.PAPER_OUT, None)
    assert after == DeviceHealth(PrinterState.PAPER_OUT, CameraState.OK)
    assert after.changed_parts(before) == ["printer"]
    assert after.updated(PrinterState.PAPER_OUT, CameraState.OK).changed_parts(after) == []
    assert DeviceHealth().updated(None, CameraState.MISSING).changed_parts(DeviceHealth()) == ["camera"]


def test_staff_are_needed_for_paper_low_or_anything_broken_not_for_silence_about_a_part():
    assert not DeviceHealth().needs_staff
    assert not DeviceHealth(PrinterState.OK, CameraState.OK).needs_staff
    assert DeviceHealth(PrinterState.PAPER_LOW).needs_staff and PrinterState.PAPER_LOW.prints
    assert DeviceHealth(PrinterState.COVER_OPEN).needs_staff and not PrinterState.COVER_OPEN.prints
    assert DeviceHealth(PrinterState.OK, CameraState.ERROR).needs_staff


def test_a_device_is_silent_two_minutes_after_its_last_heartbeat():
    assert SILENT_AFTER == timedelta(minutes=2)
    assert not is_silent(NOON, NOON + timedelta(seconds=119))
    assert is_silent(NOON, NOON + timedelta(seconds=120))


def test_a_device_never_heard_from_is_not_called_silent():
    assert not is_silent(None, NOON)
