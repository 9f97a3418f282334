"""Every language of the pages has every string, with the same placeholders; the palette CSS is the file's."""

from __future__ import annotations

import json
import re
import string
from importlib import resources

import pytest

from server.messages import DEFAULT_LANGUAGE, LANGUAGES
from server.web.i18n import Words, catalogue
from server.web.palette import palette_css

TEMPLATE_KEYS = re.compile(r"""\bt(?:_other)?\(\s*["']([a-z_]+\.[a-z0-9_]+)["']""")
SCRIPT_KEYS = re.compile(r"""\bt\(\s*"([a-z_]+\.[a-z0-9_]+)\"""")
QUOTED_KEY = re.compile(r"""["']([a-z_]+(?:\.[a-z0-9_]+)+)["']""")
BUILT_KEY_PREFIX = re.compile(r"""["']([a-z_]+(?:\.[a-z0-9_]+)*\.)["']\s*[+~]""")  # t("manage.tile." + name)


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_every_string_with_the_same_placeholders(language: str) -> None:
    reference = catalogue(DEFAULT_LANGUAGE)
    words = catalogue(language)
    assert set(words) == set(reference)
    for key, text in words.items():
        assert text.strip(), key
        assert _fields(text) == _fields(reference[key]), key


def test_every_key_the_pages_use_exists() -> None:
    root = resources.files("server.web")
    used: set[str] = set()
    for folder, pattern in (("templates", TEMPLATE_KEYS), ("static", SCRIPT_KEYS)):
        for item in root.joinpath(folder).iterdir():
            used |= set(pattern.findall(item.read_text(encoding="utf-8")))
    assert len(used) > 40  # the scan finds the keys
    assert used - set(catalogue(DEFAULT_LANGUAGE)) == set()


def test_every_string_is_used_by_a_page() -> None:
    """No dead words: each key is named by a template, a script or a page's Python, or built from a prefix there."""
    root = resources.files("server.web")
    named: set[str] = set()
    prefixes: set[str] = set()
    for item in (*root.joinpath("templates").iterdir(), *root.joinpath("static").iterdir(), *root.iterdir()):
        if item.is_file() and item.name.endswith((".html", ".js", ".py")):
            text = item.read_text(encoding="utf-8")
            named |= set(QUOTED_KEY.findall(text))
            prefixes |= set(BUILT_KEY_PREFIX.findall(text))
    assert {"manage.tile.", "invalid.", "channel."} <= prefixes  # the scan finds the built keys
    unused = {key for key in catalogue(DEFAULT_LANGUAGE) if key not in named and not key.startswith(tuple(prefixes))}
    assert unused == set()


def test_a_string_is_worded_in_each_language() -> None:
    assert Words("zh-CN")("ticket.ahead", count=3) == "前面还有 3 人"
    assert Words("en")("ticket.ahead", count=3) == "3 people ahead of you"


def test_the_palette_css_is_generated_from_the_file() -> None:
    palette = json.loads(resources.files("resources").joinpath("palette.json").read_text(encoding="utf-8"))
    css = palette_css()
    for name, value in palette.items():
        if not name.startswith("_"):
            assert f"--{name.replace('_', '-')}: {value};" in css


def test_pages_use_no_colour_but_the_palettes() -> None:
    root = resources.files("server.web")
    for folder in ("templates", "static"):
        for item in root.joinpath(folder).iterdir():
            text = item.read_text(encoding="utf-8")
            assert not re.search(r"#[0-9a-fA-F]{3,8}\b|rgba?\(", text), item.name
