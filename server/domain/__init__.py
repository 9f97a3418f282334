"""The pure domain of BranchQ: no web framework, no database session, no Qt.

Ticket lifecycle, numbering, queue snapshots, calling policies and wait predictors live here so that
the server, the branch simulator and the tests all run the very same rules.
"""

from .calendar import BranchCalendar, Opening, Period, SpecialDay
from .calling import POLICIES, BranchQPolicy, CallDecision, CallingPolicy, PriorityFifoPolicy, make_policy
from .enums import (
    AppointmentStatus,
    Channel,
    CounterAction,
    CounterState,
    EventType,
    PriorityTier,
    Role,
    TicketAction,
    TicketStatus,
)
from .errors import ConflictError, DomainError, IllegalTransition, InvalidInput, NotFound
from .lifecycle import RecallRule, allowed_actions, next_counter_state, next_status
from .missed_call import MissedCallRule, place_returned
from .numbering import business_day, format_ticket_number, parse_ticket_number
from .prediction import (
    PREDICTORS,
    LearningHooks,
    QueueLengthPredictor,
    WaitEstimate,
    WaitPredictor,
    make_predictor,
    people_ahead,
)
from .queue import CounterView, QueuedTicket, QueueSnapshot, ServiceProfile
from .staffing import (
    ArrivalCount,
    ForecastSettings,
    GroupHourPlan,
    ServiceTarget,
    SkillGroup,
    StaffingMethod,
    StaffingPlan,
    forecast_arrivals,
    plan_staffing,
)
from .throttle import Throttle, ThrottlePolicy, TooManyAttempts
from .urgency_policy import TicketUrgency, UrgencyClock, UrgencyWeights, rank_for_counter

__all__ = [
    "POLICIES",
    "PREDICTORS",
    "AppointmentStatus",
    "ArrivalCount",
    "BranchCalendar",
    "BranchQPolicy",
    "CallDecision",
    "CallingPolicy",
    "Channel",
    "ConflictError",
    "CounterAction",
    "CounterState",
    "CounterView",
    "DomainError",
    "EventType",
    "ForecastSettings",
    "GroupHourPlan",
    "IllegalTransition",
    "InvalidInput",
    "LearningHooks",
    "MissedCallRule",
    "NotFound",
    "Opening",
    "Period",
    "PriorityFifoPolicy",
    "PriorityTier",
    "QueueLengthPredictor",
    "QueueSnapshot",
    "QueuedTicket",
    "RecallRule",
    "Role",
    "ServiceProfile",
    "ServiceTarget",
    "SkillGroup",
    "SpecialDay",
    "StaffingMethod",
    "StaffingPlan",
    "Throttle",
    "ThrottlePolicy",
    "TicketAction",
    "TicketStatus",
    "TicketUrgency",
    "TooManyAttempts",
    "UrgencyClock",
    "UrgencyWeights",
    "WaitEstimate",
    "WaitPredictor",
    "allowed_actions",
    "business_day",
    "forecast_arrivals",
    "format_ticket_number",
    "make_policy",
    "make_predictor",
    "next_counter_state",
    "next_status",
    "parse_ticket_number",
    "people_ahead",
    "place_returned",
    "plan_staffing",
    "rank_for_counter",
]
