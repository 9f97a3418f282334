"""The client's public face is honest, and importing it pulls in neither Qt nor the server."""

from __future__ import annotations

import inspect
import subprocess
import sys

import client
import client.errors
import client.events
import client.http
import client.results


def test_every_exported_name_exists_once() -> None:
    assert [name for name in client.__all__ if not hasattr(client, name)] == []
    assert len(set(client.__all__)) == len(client.__all__)


def test_every_public_class_of_the_modules_is_exported() -> None:
    public = {
        name
        for module in (client.errors, client.events, client.http, client.results)
        for name, value in vars(module).items()
        if inspect.isclass(value) and value.__module__ == module.__name__ and not name.startswith("_")
    }
    assert public - set(client.__all__) == set()


def test_importing_the_client_loads_no_qt_and_no_server() -> None:
    probe = (
        "import sys, client; "
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'shiboken6', 'server', 'hardware', 'fastapi', 'sqlalchemy'))))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
