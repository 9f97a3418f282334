"""Translations: zh-CN first, English second, switched at runtime so everything re-translates at once.

Every text of the Qt apps goes through `self.tr()` (or `QCoreApplication.translate`); the sources are
English and the catalogues live in `resources/i18n/<app>_<language>.ts`. The compiled `.qm` files are build
output, never committed: `compile_catalogues()` runs `pyside6-lrelease` for any `.qm` missing or older than
its `.ts` (scripts/setup.sh runs it, the tests run it, and `Translations` runs it when a file is missing).

    python -m qtkit               # compile every catalogue
    python -m qtkit --update      # also refresh the .ts sources from the code (pyside6-lupdate)
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QObject, QTranslator, Signal

__all__ = ["CatalogueError", "Language", "Translations", "catalogue_dir", "compile_catalogues"]

ROOT = Path(__file__).resolve().parents[1]
APP_SOURCES = {"kiosk": ("qtkit", "kiosk"), "counter": ("qtkit", "counter_app")}
"""Which packages' strings each app's catalogue holds (the shared toolkit's strings are in every app's)."""


class CatalogueError(RuntimeError):
    """A catalogue could not be compiled or loaded."""


class Language(StrEnum):
    """The languages of the apps, in the order the language switch offers them (the first is the default)."""

    ZH_CN = "zh_CN"
    EN = "en"

    def uninstall(self) -> None:
        """Take this object's translator out of the application (the app is closing)."""
        if self._translator is not None:
            QCoreApplication.instance().removeTranslator(self._translator)
            self._translator = None

    @property
    def locale(self) -> QLocale:
        if self is Language.ZH_CN:
            return QLocale(QLocale.Language.Chinese, QLocale.Script.SimplifiedChineseScript, QLocale.Country.China)
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)

    @property
    def switch_label(self) -> str:
        """How the switch names this language: always in the language itself, so nobody needs to read the other."""
        return "中文" if self is Language.ZH_CN else "English"

    @property
    def http_tag(self) -> str:
        """The Accept-Language tag the server understands."""
        return "zh-CN" if self is Language.ZH_CN else "en"

    @classmethod
    def parse(cls, text: str) -> Language:
        normalised = text.strip().replace("-", "_").lower()
        for language in cls:
            if normalised in {language.value.lower(), language.value.split("_")[0].lower()}:
                return language
        raise ValueError(f"unknown language {text!r}; use one of {', '.join(language.value for language in cls)}")


def catalogue_dir() -> Path:
    return ROOT / "resources" / "i18n"


def _tool(name: str) -> str:
    beside_python = Path(sys.executable).with_name(name)
    found = str(beside_python) if beside_python.exists() else shutil.which(name)
    if found is None:
        raise CatalogueError(f"{name} not found: install PySide6 (pip install 'branchq[gui]')")
    return found


def compile_catalogues(folder: Path | None = None, *, force: bool = False) -> list[Path]:
    """Compile every `.ts` of `folder` whose `.qm` is missing or older; returns the `.qm` files written."""
    folder = folder or catalogue_dir()
    written = []
    for source in sorted(folder.glob("*.ts")):
        target = source.with_suffix(".qm")
        if force or not target.exists() or target.stat().st_mtime < source.stat().st_mtime:
            result = subprocess.run(  # noqa: S603 - our own catalogue, the venv's tool
                [_tool("pyside6-lrelease"), "-silent", str(source), "-qm", str(target)],
                capture_output=True, text=True, check=False,
            )
            if result.returncode != 0 or not target.exists():
                raise CatalogueError(f"pyside6-lrelease failed on {source.name}: {result.stderr.strip()}")
            written.append(target)
    return written


def update_sources(app: str, folder: Path | None = None) -> None:
    """Refresh the app's `.ts` files from the code's `tr()` calls (keeps existing translations)."""
    folder = folder or catalogue_dir()
    sources = [str(path) for package in APP_SOURCES[app] for path in sorted((ROOT / package).rglob("*.py"))]
    for language in Language:
        target = folder / f"{app}_{language.value}.ts"
        subprocess.run(  # noqa: S603 - our own sources, the venv's tool
            [_tool("pyside6-lupdate"), "-locations", "none", "-no-obsolete", *sources,
             "-source-language", "en", "-target-language", language.value, "-ts", str(target)],
            check=True, capture_output=True,
        )
        if language is Language.EN:
            _english_as_written(target)


def _english_as_written(path: Path) -> None:
    """The English catalogue says every text as the code writes it. It must hold every text: a text it
    lacks would fall through to another installed catalogue (Chinese) instead of staying English."""
    tree = ET.parse(path)
    for message in tree.iter("message"):
        translation = message.find("translation")
        translation.text = message.findtext("source")
        translation.attrib.pop("type", None)
    with path.open("wb") as file:
        file.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        tree.write(file, encoding="utf-8")


class Translations(QObject):
    """The application's current language and its installed translator.

    Signals:
        language_changed(Language): the language changed; every `tr()` now answers in it (Qt also sends
            each widget a `LanguageChange` event).

    Attributes:
        language: the current language.
    """

    language_changed = Signal(object)

    def __init__(self, app_name: str, language: Language = Language.ZH_CN, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.app_name = app_name
        self.language = language
        self._translator: QTranslator | None = None
        self._install(language)

    def set_language(self, language: Language) -> None:
        if language is self.language:
            return
        self._install(language)
        self.language = language
        self.language_changed.emit(language)

    def toggle(self) -> None:
        """The one-tap switch: zh-CN ⇄ English."""
        self.set_language(Language.EN if self.language is Language.ZH_CN else Language.ZH_CN)

    def uninstall(self) -> None:
        """Take this object's translator out of the application (the app is closing)."""
        if self._translator is not None:
            QCoreApplication.instance().removeTranslator(self._translator)
            self._translator = None

    @property
    def locale(self) -> QLocale:
        return self.language.locale

    def _install(self, language: Language) -> None:
        app = QCoreApplication.instance()
        if self._translator is not None:
            app.removeTranslator(self._translator)
            self._translator = None
        path = catalogue_dir() / f"{self.app_name}_{language.value}.qm"
        compile_catalogues()  # only what is missing or older than its source
        translator = QTranslator(self)
        if not translator.load(str(path)):
            raise CatalogueError(f"cannot load the {language.value} catalogue {path}")
        app.installTranslator(translator)
        self._translator = translator


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m qtkit", description="Build the apps' translations.")
    parser.add_argument("--update", action="store_true", help="refresh the .ts sources from the code first")
    arguments = parser.parse_args(argv)
    if arguments.update:
        for app in APP_SOURCES:
            update_sources(app)
    written = compile_catalogues(force=arguments.update)
    print(f"translations: {len(written)} catalogue(s) compiled in {catalogue_dir()}")
    return 0

