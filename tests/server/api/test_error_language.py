"""Error answers carry a stable code, the field and the params, worded in the caller's language:
zh-CN without Accept-Language, English when asked for."""

from __future__ import annotations

import pytest

from tests.server.conftest import BASE


@pytest.fixture
def chinese(container):  # type: ignore[no-untyped-def]
    """A client that sends no Accept-Language, as a customer's phone with Chinese settings might."""
    from fastapi.testclient import TestClient

    from server.api.app import create_app

    with TestClient(create_app(container, background_jobs=False)) as test_client:
        yield test_client


def test_a_domain_error_is_answered_in_zh_cn_without_accept_language(chinese):
    response = chinese.get(f"{BASE}/branches/nope/services")
    assert response.status_code == 404
    assert response.headers["content-language"] == "zh-CN"
    assert response.json() == {
        "detail": "网点“nope”不存在。", "code": "branch.not_found", "field": "code", "params": {"code": "nope"},
    }


def test_the_same_error_is_answered_in_english_when_asked(client):
    response = client.get(f"{BASE}/branches/nope/services", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert response.headers["content-language"] == "en"
    assert response.json() == {
        "detail": "branch 'nope' does not exist", "code": "branch.not_found", "field": "code",
        "params": {"code": "nope"},
    }


def test_a_ticket_state_is_worded_from_the_vocabulary(floor, chinese, client):
    token = floor.issue("cash")["token"]
    assert chinese.post(f"{BASE}/tickets/{token}/cancel").status_code == 200

    again = chinese.post(f"{BASE}/tickets/{token}/cancel")
    assert again.status_code == 409
    assert again.json()["code"] == "ticket.illegal_transition"
    assert again.json()["params"] == {"action": "cancel", "status": "cancelled"}
    assert again.json()["detail"] == "无法对已取消的号执行“取消”：该号已取消。"
    english = client.post(f"{BASE}/tickets/{token}/cancel").json()["detail"]
    assert english == "cannot cancel a ticket that is cancelled: it was cancelled"


@pytest.mark.parametrize(
    ("accept_language", "language"),
    [
        ("en-GB,en;q=0.9", "en"),
        ("zh-TW,zh;q=0.9,en;q=0.8", "zh-CN"),
        ("fr;q=1, en;q=0.4, zh-CN;q=0.6", "zh-CN"),
        ("zh-CN;q=0.1, en-US;q=0.7", "en"),
        ("klingon, ;;q=x", "zh-CN"),
    ],
)
def test_the_answer_language_follows_accept_language(chinese, accept_language, language):
    response = chinese.get(f"{BASE}/branches/nope/services", headers={"Accept-Language": accept_language})
    assert response.headers["content-language"] == language
    expected = "网点“nope”不存在。" if language == "zh-CN" else "branch 'nope' does not exist"
    assert response.json()["detail"] == expected


def test_a_login_refusal_is_worded_in_zh_cn(chinese):
    response = chinese.post(f"{BASE}/auth/login", json={"username": "nobody", "password": "wrong-password"})
    assert response.status_code == 401
    assert response.json()["code"] == "auth.wrong_credentials"
    assert response.json()["detail"] == "用户名或密码错误。"


def test_a_value_out_of_range_is_worded_in_zh_cn_with_its_limit(floor, chinese, client):
    token = floor.issue("cash")["token"]
    response = chinese.post(f"{BASE}/tickets/{token}/rating", json={"score": 9})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "request.invalid" and body["field"] == "score"
    assert body["params"] == {
        "field": "score", "reason": "Input should be less than or equal to 5",
        "type": "less_than_equal", "le": 5,
    }
    assert body["detail"] == "请求内容有误（score）：须小于或等于 5"
    assert body["errors"] == [{"field": "score", "type": "less_than_equal", "message": "须小于或等于 5"}]

    english = client.post(f"{BASE}/tickets/{token}/rating", json={"score": 9}).json()
    assert english["detail"] == "score: Input should be less than or equal to 5"
    assert english["params"] == body["params"]


@pytest.mark.parametrize(
    ("body", "field", "error_type", "reason"),
    [
        ({"password": "x"}, "username", "missing", "必须填写"),
        ({"username": "u" * 65, "password": "x"}, "username", "string_too_long", "不能超过 64 个字符"),
        ({"username": "", "password": "x"}, "username", "string_too_short", "至少需要 1 个字符"),
        ({"username": 5, "password": "x"}, "username", "string_type", "须为文本"),
        ({"username": "u", "password": "x", "admin": True}, "admin", "extra_forbidden", "不允许提交此字段"),
    ],
)
def test_common_request_errors_are_worded_in_zh_cn(chinese, body, field, error_type, reason):
    response = chinese.post(f"{BASE}/auth/login", json=body)
    assert response.status_code == 422
    answer = response.json()
    assert answer["code"] == "request.invalid"
    assert (answer["field"], answer["params"]["type"]) == (field, error_type)
    assert answer["detail"] == f"请求内容有误（{field}）：{reason}"


def test_a_whole_number_given_as_text_is_worded_in_zh_cn(floor, chinese):
    token = floor.issue("cash")["token"]
    response = chinese.post(f"{BASE}/tickets/{token}/rating", json={"score": "five"})
    assert response.json()["params"]["type"] == "int_parsing"
    assert response.json()["detail"] == "请求内容有误（score）：须为整数"


def test_broken_json_is_worded_in_zh_cn(chinese):
    response = chinese.post(
        f"{BASE}/auth/login", content=b'{"username": ', headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["params"]["type"] == "json_invalid" and response.json()["field"] is None
    assert response.json()["detail"] == "请求内容有误（请求正文）：JSON 格式有误"


def test_a_body_that_is_not_an_object_is_named_as_the_request_body(chinese, client):
    assert chinese.post(f"{BASE}/auth/login", json=[1]).json()["detail"] == "请求内容有误（请求正文）：须为对象"
    english = client.post(f"{BASE}/auth/login", json=[1]).json()["detail"]
    assert english == "request body: Input should be a valid dictionary or object to extract fields from"
