"""The kiosk's flows: QObjects holding its state and talking to the server, with no widget in sight."""

from kiosk.flows.checkin import CODE_ALPHABET, CODE_LENGTH, CheckinFlow
from kiosk.flows.connection import Connection, ConnectionMonitor
from kiosk.flows.face import FaceCheckinFlow, FaceStage
from kiosk.flows.menu import ServiceMenu, is_available
from kiosk.flows.navigation import Navigator, Screen
from kiosk.flows.outcomes import CheckinOutcome, PrintOutcome, TicketProblem
from kiosk.flows.session import KioskSession, SessionSettings
from kiosk.flows.ticket import TicketFlow, TicketStage

__all__ = [
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "CheckinFlow",
    "CheckinOutcome",
    "Connection",
    "FaceCheckinFlow",
    "FaceStage",
    "ConnectionMonitor",
    "KioskSession",
    "Navigator",
    "PrintOutcome",
    "Screen",
    "ServiceMenu",
    "SessionSettings",
    "TicketFlow",
    "TicketProblem",
    "TicketStage",
    "is_available",
]
