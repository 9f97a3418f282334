import pytest

from server.domain import (
    CounterAction,
    CounterState,
    IllegalTransition,
    RecallRule,
    TicketAction,
    TicketStatus,
    allowed_actions,
    next_counter_state,
    next_status,
)

W, C, S = TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.SERVING


@pytest.mark.parametrize(
    ("start", "action", "end"),
    [
        (W, TicketAction.CALL, C),
        (C, TicketAction.RECALL, C),
        (C, TicketAction.START, S),
        (S, TicketAction.FINISH, TicketStatus.DONE),
        (C, TicketAction.NO_SHOW, TicketStatus.NO_SHOW),
        (S, TicketAction.TRANSFER, W),
        (C, TicketAction.TRANSFER, W),
        (W, TicketAction.CANCEL, TicketStatus.CANCELLED),
        (S, TicketAction.EXPIRE, TicketStatus.EXPIRED),
    ],
)
def test_allowed_transitions_lead_where_the_diagram_says(start, action, end):
    assert next_status(start, action) is end


@pytest.mark.parametrize(
    ("start", "action"),
    [
        (W, TicketAction.FINISH),
        (W, TicketAction.START),
        (W, TicketAction.RECALL),
        (S, TicketAction.CALL),
        (S, TicketAction.CANCEL),
        (S, TicketAction.NO_SHOW),
        (C, TicketAction.FINISH),
    ],
)
def test_illegal_transitions_are_refused_with_a_reason(start, action):
    with pytest.raises(IllegalTransition, match=f"cannot {action.value} a ticket that is {start.value}"):
        next_status(start, action)


@pytest.mark.parametrize("final", [s for s in TicketStatus if s.is_final and s is not TicketStatus.NO_SHOW])
def test_final_states_accept_no_action(final):
    assert allowed_actions(final) == []
    for action in TicketAction:
        with pytest.raises(IllegalTransition):
            next_status(final, action)


def test_a_no_show_can_only_return_to_the_line():
    assert allowed_actions(TicketStatus.NO_SHOW) == [TicketAction.RETURN]
    assert next_status(TicketStatus.NO_SHOW, TicketAction.RETURN) is W


@pytest.mark.parametrize("start", [W, C, S])
def test_a_released_or_closed_counter_requeues_its_tickets(start):
    assert next_status(start, TicketAction.REQUEUE) is W


def test_recall_rule_counts_recalls_after_the_first_call():
    rule = RecallRule(max_recalls=2)
    rule.check_recall(0)
    rule.check_recall(1)
    with pytest.raises(IllegalTransition, match="no-show"):
        rule.check_recall(2)
    assert rule.must_be_no_show(2) and not rule.must_be_no_show(1)


def test_counter_sessions_follow_open_pause_resume_close():
    state = CounterState.CLOSED
    for action, expected in [
        (CounterAction.OPEN, CounterState.OPEN),
        (CounterAction.PAUSE, CounterState.PAUSED),
        (CounterAction.RESUME, CounterState.OPEN),
        (CounterAction.CLOSE, CounterState.CLOSED),
    ]:
        state = next_counter_state(state, action)
        assert state is expected
    with pytest.raises(IllegalTransition, match="cannot pause a counter that is closed"):
        next_counter_state(CounterState.CLOSED, CounterAction.PAUSE)
