"""The counter app's words for the flows' values (states, reasons, channels), translated by Qt."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from counter_app.flows import DeskState, Why


def state_word(state: DeskState) -> str:
    return {
        DeskState.IDLE: QCoreApplication.translate("Words", "Idle"), DeskState.CALLED: QCoreApplication.translate("Words", "Called"), DeskState.SERVING: QCoreApplication.translate("Words", "Serving"),
        DeskState.PAUSED: QCoreApplication.translate("Words", "Paused"), DeskState.SIGNED_OUT: QCoreApplication.translate("Words", "Signed out"),
    }[state]


def why_word(why: Why | None) -> str:
    if why is None:
        return ""
    return {
        Why.OFFLINE: QCoreApplication.translate("Words", "The server is not answering; this comes back by itself."),
        Why.BUSY: QCoreApplication.translate("Words", "Waiting for the server's answer."),
        Why.NOT_IDLE: QCoreApplication.translate("Words", "Finish, transfer or mark the current customer a no-show first."),
        Why.NO_TICKET: QCoreApplication.translate("Words", "No customer at this counter now."),
        Why.NOT_CALLED: QCoreApplication.translate("Words", "Only while the customer is called and has not come yet."),
        Why.NOT_SERVING: QCoreApplication.translate("Words", "Start serving first."),
        Why.RECALL_LIMIT: QCoreApplication.translate("Words", "The recall limit is reached: mark a no-show."),
        Why.PAUSED: QCoreApplication.translate("Words", "The counter is paused: resume first."),
        Why.NOT_PAUSED: QCoreApplication.translate("Words", "The counter is not paused."),
    }[why]


def channel_word(channel: str | None) -> str:
    return {"kiosk": QCoreApplication.translate("Words", "Kiosk"), "counter": QCoreApplication.translate("Words", "Counter"), "online": QCoreApplication.translate("Words", "Online"),
            "appointment": QCoreApplication.translate("Words", "Appointment")}.get(channel or "", channel or "")


def tier_word(tier: str | None) -> str:
    return {"regular": QCoreApplication.translate("Words", "Regular"), "vip": QCoreApplication.translate("Words", "VIP"), "priority_needs": QCoreApplication.translate("Words", "Priority needs")}.get(
        tier or "", tier or "")


def outcome_words() -> list[tuple[str, str]]:
    return [("done", QCoreApplication.translate("Words", "Done")), ("referred", QCoreApplication.translate("Words", "Referred")), ("needs_follow_up", QCoreApplication.translate("Words", "Needs follow-up"))]


def pause_words() -> list[tuple[str, str]]:
    return [("break", QCoreApplication.translate("Words", "Break")), ("lunch", QCoreApplication.translate("Words", "Lunch")), ("back_office", QCoreApplication.translate("Words", "Back office"))]


def pause_word(reason: str | None) -> str:
    return dict(pause_words()).get(reason or "", "")


def counter_state_word(state: str) -> str:
    return {"open": QCoreApplication.translate("Words", "Open"), "paused": QCoreApplication.translate("Words", "Paused"), "closed": QCoreApplication.translate("Words", "Closed")}.get(state, state)


def minutes(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    seconds = int(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}"
