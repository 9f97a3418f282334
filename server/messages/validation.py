"""Why a request was refused before it reached a service: pydantic's error types, worded per language.

A malformed request is answered with the code `request.invalid`; its `reason` is worded here from the
error's stable `type` and the limits pydantic reports with it (`max_length`, `ge`, `expected`, ...).
A type without an entry keeps pydantic's English reason.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

REASONS: Mapping[str, Mapping[str, str]] = {
    "missing": {"zh-CN": "必须填写"},
    "extra_forbidden": {"zh-CN": "不允许提交此字段"},
    "json_invalid": {"zh-CN": "JSON 格式有误"},
    "json_type": {"zh-CN": "须为 JSON"},
    "string_type": {"zh-CN": "须为文本"},
    "string_too_short": {"zh-CN": "至少需要 {min_length} 个字符"},
    "string_too_long": {"zh-CN": "不能超过 {max_length} 个字符"},
    "string_pattern_mismatch": {"zh-CN": "格式不正确"},
    "int_type": {"zh-CN": "须为整数"},
    "int_parsing": {"zh-CN": "须为整数"},
    "int_from_float": {"zh-CN": "须为整数，不能带小数"},
    "int_parsing_size": {"zh-CN": "数值过大"},
    "float_type": {"zh-CN": "须为数字"},
    "float_parsing": {"zh-CN": "须为数字"},
    "finite_number": {"zh-CN": "须为有限数值"},
    "bool_type": {"zh-CN": "须为 true 或 false"},
    "bool_parsing": {"zh-CN": "须为 true 或 false"},
    "greater_than": {"zh-CN": "须大于 {gt}"},
    "greater_than_equal": {"zh-CN": "须大于或等于 {ge}"},
    "less_than": {"zh-CN": "须小于 {lt}"},
    "less_than_equal": {"zh-CN": "须小于或等于 {le}"},
    "enum": {"zh-CN": "须为以下之一：{expected}"},
    "literal_error": {"zh-CN": "须为以下之一：{expected}"},
    "list_type": {"zh-CN": "须为列表"},
    "too_short": {"zh-CN": "至少需要 {min_length} 项"},
    "too_long": {"zh-CN": "最多 {max_length} 项"},
    "dict_type": {"zh-CN": "须为对象"},
    "model_type": {"zh-CN": "须为对象"},
    "model_attributes_type": {"zh-CN": "须为对象"},
    "date_type": {"zh-CN": "须为日期（YYYY-MM-DD）"},
    "date_parsing": {"zh-CN": "须为日期（YYYY-MM-DD）"},
    "date_from_datetime_parsing": {"zh-CN": "须为日期（YYYY-MM-DD）"},
    "datetime_type": {"zh-CN": "须为日期时间，例如 2026-12-01T10:00:00+08:00"},
    "datetime_parsing": {"zh-CN": "须为日期时间，例如 2026-12-01T10:00:00+08:00"},
    "datetime_from_date_parsing": {"zh-CN": "须为日期时间，例如 2026-12-01T10:00:00+08:00"},
    "time_type": {"zh-CN": "须为时间（HH:MM）"},
    "time_parsing": {"zh-CN": "须为时间（HH:MM）"},
    "timezone_aware": {"zh-CN": "须带时区"},
}


WHOLE_REQUEST = {"zh-CN": "请求正文", "en": "request body"}
"""How a message names the request itself when no single field is at fault (broken JSON, not an object)."""


def field_name(field: str | None, language: str) -> str:
    return field or WHOLE_REQUEST.get(language, WHOLE_REQUEST["en"])


def limits(context: Mapping[str, Any] | None) -> dict[str, Any]:
    """The limits of a pydantic error's context that are plain JSON values (no exceptions, no NaN)."""
    return {
        name: value
        for name, value in (context or {}).items()
        if isinstance(value, str | int | bool) or (isinstance(value, float) and math.isfinite(value))
    }


def reason(error_type: str, context: Mapping[str, Any], english: str, language: str) -> str:
    """Why the value was refused, in `language`; pydantic's English `english` when there is no wording."""
    template = REASONS.get(error_type, {}).get(language)
    if template is None:
        return english
    try:
        return template.format_map(dict(context))
    except (KeyError, IndexError, ValueError):
        return english
