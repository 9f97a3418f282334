"""Layers by their imports: devices know no server and the server knows no device driver; the apps'
`client` package knows no Qt, no server and no hardware; the apps (`kiosk`, `counter_app`) reach the
server only through `client`, never by importing `server`; `qtkit`, the Qt toolkit they share, imports
`client` and PySide6 but neither `server` nor `hardware` (devices are the apps' own business).

The scan reads every module's import statements (and `import_module("...")` calls with a literal name),
so an import hidden inside a function counts as much as one at the top. Where the two sides must agree
(the encoding the kiosk sends and the server expects), it is checked here, in the tests, where both meet.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
QT = ("PySide6", "PyQt5", "PyQt6", "shiboken6")
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "hardware": ("server",),
    "server": ("hardware", "client"),
    "client": ("server", "hardware", *QT),
    "qtkit": ("server", "hardware"),
    "kiosk": ("server",),
    "counter_app": ("server",),
}
MINIMUM_MODULES = {"hardware": 10, "server": 10, "client": 5, "qtkit": 5, "kiosk": 5, "counter_app": 5}
"""How many modules the scan must find in each package: it looks where the code is."""


def imported_modules(source: str) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in `source`; relative imports stay in their package."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) in {"import_module", "__import__"}
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append((node.lineno, node.args[0].value))
    return found


def crossings(package: str) -> list[str]:
    forbidden = FORBIDDEN[package]
    return [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in sorted((ROOT / package).rglob("*.py"))
        for line, module in imported_modules(path.read_text(encoding="utf-8"))
        if any(module == other or module.startswith(f"{other}.") for other in forbidden)
    ]


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_module_imports_a_forbidden_layer(package: str) -> None:
    assert len(list((ROOT / package).rglob("*.py"))) >= MINIMUM_MODULES[package]
    assert crossings(package) == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import server.domain.numbering", ["server.domain.numbering"]),
        ("from server.domain import numbering", ["server.domain"]),
        ("def later():\n    from hardware.face.vault import VaultKey", ["hardware.face.vault"]),
        ("import_module('server.settings')", ["server.settings"]),
        ("from .errors import HardwareError", []),
    ],
)
def test_the_scan_sees_every_kind_of_import(source: str, expected: list[str]) -> None:
    assert [module for _, module in imported_modules(source)] == expected


def test_the_server_expects_the_encoding_the_kiosk_produces() -> None:
    """Each side states the encoding's dimension and the model's usual threshold on its own; they agree."""
    from hardware.face import metric
    from server.biometrics import encodings

    assert encodings.ENCODING_DIMENSION == metric.ENCODING_DIMENSION
    assert encodings.DEFAULT_MATCH_THRESHOLD == metric.DEFAULT_MATCH_THRESHOLD
