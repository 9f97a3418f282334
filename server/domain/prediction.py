"""Waiting-time prediction: an estimate, with an 80% interval, for every waiting ticket.

Predictors share one shape (`wait_model.WaitPredictor`): `predict(snapshot)` gives an estimate per
waiting ticket; `observe_*` lets them learn from what really happened. The server and the branch
simulator call the same objects, chosen by name through `PREDICTORS`:

    ql, qlm, les, hol   textbook baselines (`wait_baselines`)
    branchq             projection of the line with learned service, abandonment and arrivals (`wait_branchq`)
"""

from __future__ import annotations

from .calling import CallingPolicy
from .errors import InvalidInput
from .wait_baselines import (
    AbandonmentAwareQueueLengthPredictor,
    HeadOfLinePredictor,
    LastToEnterServicePredictor,
    QueueLengthPredictor,
)
from .wait_branchq import BranchQPredictor
from .wait_model import LearningHooks, WaitEstimate, WaitPredictor, people_ahead

PREDICTORS: dict[str, type] = {
    predictor.name: predictor
    for predictor in (
        QueueLengthPredictor,
        AbandonmentAwareQueueLengthPredictor,
        LastToEnterServicePredictor,
        HeadOfLinePredictor,
        BranchQPredictor,
    )
}


def make_predictor(name: str, policy: CallingPolicy | None = None) -> WaitPredictor:
    """Build a branch's predictor; given the branch's calling `policy`, a predictor that can follow it is
    bound to it (`bind_policy`)."""
    try:
        predictor = PREDICTORS[name]()
    except KeyError:
        raise InvalidInput(
            f"unknown wait predictor {name!r}; choose one of {sorted(PREDICTORS)}", field="wait_predictor",
            code="policy.unknown_wait_predictor", params={"name": str(name), "choices": sorted(PREDICTORS)},
        ) from None
    bind = getattr(predictor, "bind_policy", None)
    if policy is not None and bind is not None:
        bind(policy)
    return predictor


__all__ = [
    "PREDICTORS",
    "AbandonmentAwareQueueLengthPredictor",
    "BranchQPredictor",
    "HeadOfLinePredictor",
    "LastToEnterServicePredictor",
    "LearningHooks",
    "QueueLengthPredictor",
    "WaitEstimate",
    "WaitPredictor",
    "make_predictor",
    "people_ahead",
]
