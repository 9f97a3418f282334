"""Why a customer rated a service as they did: the one list of reasons, by category.

The status page (`/t/<code>`), the counter's customer screen and the follow-up of low ratings all read this
list (served at `GET /api/v1/feedback/reasons`), so a reason means the same everywhere and the statistics can
count it. Each reason belongs to one category of the follow-up (waiting, staff, process, product,
environment) and has a tone: `praise` reasons are offered after a good score, `complaint` reasons after a
poor one. Labels come in both languages, already worded, like service names: the devices show them as given.
Codes are stable (stored with ratings); retire a reason by leaving it out of `OFFERED`, never by reusing it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ReasonCategory(StrEnum):
    WAITING = "waiting"
    STAFF = "staff"
    PROCESS = "process"
    PRODUCT = "product"
    ENVIRONMENT = "environment"


class ReasonTone(StrEnum):
    PRAISE = "praise"
    COMPLAINT = "complaint"


@dataclass(frozen=True, slots=True)
class RatingReason:
    code: str
    category: ReasonCategory
    tone: ReasonTone
    label_zh: str
    label_en: str


_W, _S, _P, _R, _E = (
    ReasonCategory.WAITING, ReasonCategory.STAFF, ReasonCategory.PROCESS, ReasonCategory.PRODUCT,
    ReasonCategory.ENVIRONMENT,
)
_GOOD, _BAD = ReasonTone.PRAISE, ReasonTone.COMPLAINT

OFFERED: tuple[RatingReason, ...] = (
    RatingReason("wait_short", _W, _GOOD, "等候时间短", "Short wait"),
    RatingReason("wait_long", _W, _BAD, "等候时间太长", "The wait was too long"),
    RatingReason("wait_unclear", _W, _BAD, "不清楚还要等多久", "Unclear how long I would wait"),
    RatingReason("staff_friendly", _S, _GOOD, "工作人员热情", "Friendly staff"),
    RatingReason("staff_expert", _S, _GOOD, "业务熟练", "Staff knew the business well"),
    RatingReason("staff_unfriendly", _S, _BAD, "服务态度不好", "Unfriendly staff"),
    RatingReason("staff_unclear", _S, _BAD, "解释不清楚", "Explanations were unclear"),
    RatingReason("process_quick", _P, _GOOD, "办理快捷", "Quick to get done"),
    RatingReason("process_slow", _P, _BAD, "办理太慢", "Service took too long"),
    RatingReason("process_paperwork", _P, _BAD, "手续繁琐", "Too many forms or steps"),
    RatingReason("process_documents", _P, _BAD, "所需材料没说清楚", "Unclear which documents to bring"),
    RatingReason("product_suits", _R, _GOOD, "产品符合需要", "The product suits me"),
    RatingReason("product_fees", _R, _BAD, "费用或利率不满意", "Fees or rates"),
    RatingReason("product_unavailable", _R, _BAD, "没有我要的业务", "What I needed was not offered"),
    RatingReason("environment_pleasant", _E, _GOOD, "环境舒适", "Pleasant branch"),
    RatingReason("environment_crowded", _E, _BAD, "拥挤嘈杂", "Crowded or noisy"),
    RatingReason("environment_facilities", _E, _BAD, "设施不便（座位、无障碍）", "Facilities (seats, access)"),
)

BY_CODE = {reason.code: reason for reason in OFFERED}
MAX_REASONS = 5
