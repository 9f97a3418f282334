"""Choosing the caller's language from Accept-Language, and wording a message in it."""

from __future__ import annotations

import pytest

from server.messages import EN, ZH_CN, localise, negotiate


@pytest.mark.parametrize(
    ("header", "language"),
    [
        (None, ZH_CN),
        ("", ZH_CN),
        ("en", EN),
        ("EN-gb", EN),
        ("en-US,en;q=0.9", EN),
        ("zh-CN", ZH_CN),
        ("zh", ZH_CN),
        ("zh-Hans-CN", ZH_CN),
        ("zh-TW", ZH_CN),  # no Traditional yet: Simplified reads better than English
        ("zh-HK,en;q=0.5", ZH_CN),
        ("fr-FR, en;q=0.5", EN),
        ("en;q=0.3, zh-CN;q=0.8", ZH_CN),
        ("zh-CN;q=0.2, en;q=0.9", EN),
        ("en;q=0", ZH_CN),
        ("de, fr", ZH_CN),
        ("*", ZH_CN),
        ("en;q=banana", ZH_CN),
        (";;;,,q=,=;", ZH_CN),
        ("\x00\xff garbage", ZH_CN),
    ],
)
def test_the_language_follows_accept_language_and_q_values(header, language):
    assert negotiate(header) == language


def test_zh_cn_words_the_code_with_its_params():
    worded = localise("branch.not_found", {"code": "nope"}, "branch 'nope' does not exist", ZH_CN)
    assert worded == "网点“nope”不存在。"


def test_english_is_the_raise_site_sentence():
    assert localise("branch.not_found", {"code": "nope"}, "branch 'nope' does not exist", EN) == (
        "branch 'nope' does not exist"
    )


def test_a_stable_value_is_worded_from_its_vocabulary():
    worded = localise("ticket.illegal_transition", {"action": "call", "status": "cancelled"}, "-", ZH_CN)
    assert worded == "无法对已取消的号执行“叫号”：该号已取消。"


def test_a_list_is_joined_and_each_item_worded():
    worded = localise("auth.role_required", {"roles": ["admin", "manager"]}, "-", ZH_CN)
    assert worded == "此操作需要以下角色之一：系统管理员、网点主管。"


def test_an_unknown_value_is_shown_as_it_is():
    worded = localise("appointment.already_status", {"status": "archived"}, "-", ZH_CN)
    assert worded == "该预约archived。"


@pytest.mark.parametrize(
    ("code", "params"),
    [("no.such.code", {}), ("branch.not_found", {}), ("branch.not_found", {"branch": "x"})],
)
def test_without_a_usable_translation_the_english_sentence_is_answered(code, params):
    assert localise(code, params, "the English sentence", ZH_CN) == "the English sentence"
