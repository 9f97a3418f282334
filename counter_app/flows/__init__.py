"""The counter app's state, without widgets: the desk (one counter and its customer), the customer screen,
the floor at a glance. Tested against a live server without any window."""

from counter_app.flows.customer import CustomerScreen, Screen
from counter_app.flows.desk import Action, CounterDesk, DeskState, Legality, Why
from counter_app.flows.floor import CounterRow, FloorView, ServiceLine

__all__ = [
    "Action", "CounterDesk", "CounterRow", "CustomerScreen", "DeskState", "FloorView", "Legality", "Screen",
    "ServiceLine", "Why",
]
