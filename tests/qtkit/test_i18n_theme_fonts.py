"""Translations (every catalogue loads, every text has its Chinese, the switch re-translates at once), the
palette's contrast in both modes, and the CJK font check."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication

from qtkit import CJK_FAMILY, Language, Theme, Translations, contrast_ratio
from qtkit.i18n import catalogue_dir
from qtkit.fonts import missing_cjk_font_message


@pytest.fixture
def translations(qapp):  # type: ignore[no-untyped-def]
    built = Translations("kiosk", Language.ZH_CN)
    yield built
    built.set_language(Language.ZH_CN)
    shiboken6.delete(built)


@pytest.mark.parametrize("language", list(Language))
def test_every_catalogue_loads(qapp, language: Language) -> None:
    built = Translations("kiosk", language)
    assert built.language is language
    shiboken6.delete(built)


@pytest.mark.parametrize("language", list(Language))
def test_every_text_of_the_kiosk_is_in_every_catalogue(language: Language) -> None:
    """Chinese for every text; and English too, else a text would fall through to the Chinese catalogue."""
    tree = ET.parse(catalogue_dir() / f"kiosk_{language.value}.ts")
    untranslated = [
        message.findtext("source") for message in tree.iter("message")
        if message.find("translation").get("type") in {"unfinished", "vanished", "obsolete"}
        or not (message.findtext("translation") or "").strip()
    ]
    assert len(list(tree.iter("message"))) > 50
    assert untranslated == []


def test_the_switch_changes_every_text_at_once(qtbot, translations) -> None:
    def translate() -> str:
        return QCoreApplication.translate("HomeScreen", "Take a ticket")

    assert translate() == "取号"
    with qtbot.waitSignal(translations.language_changed) as changed:
        translations.toggle()
    assert changed.args == [Language.EN]
    assert translate() == "Take a ticket"
    translations.toggle()
    assert translate() == "取号"


def test_language_names_and_tags() -> None:
    assert Language.parse("zh-CN") is Language.ZH_CN and Language.parse("en") is Language.EN
    assert [language.switch_label for language in Language] == ["中文", "English"]
    with pytest.raises(ValueError, match="unknown language"):
        Language.parse("fr")


@pytest.mark.parametrize("elder", [False, True])
def test_text_contrast_on_every_surface(elder: bool) -> None:
    theme = Theme(elder=elder)
    c = theme.colours
    needed = 7.0 if elder else 4.5
    for surface in (c.surface, c.surface_alt, c.brand_light):
        assert contrast_ratio(c.text, surface) >= needed
        assert contrast_ratio(theme.muted_text, surface) >= needed
    assert contrast_ratio(c.text_on_brand, c.brand) >= needed


def test_elder_mode_is_larger_and_offers_fewer_choices() -> None:
    regular, elder = Theme(), Theme(elder=True)
    assert elder.sizes.body == round(regular.sizes.body * 1.3)
    assert regular.sizes.number >= 180 and regular.sizes.target >= 60
    assert (regular.max_choices, elder.max_choices) == (6, 4)


def test_the_font_check_names_the_missing_font_and_how_to_install_it(qapp) -> None:
    assert missing_cjk_font_message() is None  # installed on this machine (scripts/setup.sh)
    message = missing_cjk_font_message(["DejaVu Sans"])
    assert CJK_FAMILY in message and "fonts-wqy-microhei" in message and "中文" in message
