"""Request validation reasons (pydantic error types) worded per language."""

from __future__ import annotations

from server.messages import EN, ZH_CN, validation


def test_a_known_type_is_worded_with_its_limit():
    worded = validation.reason("string_too_long", {"max_length": 32}, "String should ...", ZH_CN)
    assert worded == "不能超过 32 个字符"


def test_english_keeps_pydantics_reason():
    assert validation.reason("missing", {}, "Field required", EN) == "Field required"


def test_an_unknown_type_or_a_missing_limit_keeps_pydantics_reason():
    english = "Input should be a valid UUID"
    assert validation.reason("uuid_parsing", {}, english, ZH_CN) == english
    assert validation.reason("greater_than_equal", {}, ">= 1", ZH_CN) == ">= 1"


def test_only_plain_json_limits_become_params():
    context = {"le": 5, "expected": "'a' or 'b'", "error": ValueError("x")}
    context |= {"gt": float("inf"), "ge": float("nan")}
    assert validation.limits(context) == {"le": 5, "expected": "'a' or 'b'"}
    assert validation.limits(None) == {}


def test_the_request_itself_is_named_when_no_field_is_at_fault():
    assert validation.field_name(None, ZH_CN) == "请求正文"
    assert validation.field_name(None, EN) == "request body"
    assert validation.field_name("score", ZH_CN) == "score"
