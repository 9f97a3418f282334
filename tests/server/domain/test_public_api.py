"""The domain's public face is honest, and the domain stays free of frameworks."""

import subprocess
import sys

import server.domain


def test_every_exported_name_exists():
    missing = [name for name in server.domain.__all__ if not hasattr(server.domain, name)]
    assert missing == []
    assert len(set(server.domain.__all__)) == len(server.domain.__all__)


def test_importing_the_domain_pulls_in_no_web_database_or_gui_framework():
    probe = (
        "import sys, server.domain, server.domain.staffing, server.domain.erlang, server.domain.signed_codes, "
        "server.domain.appointments, server.domain.text; "
        "print(','.join(sorted(m for m in ('fastapi', 'starlette', 'sqlalchemy', 'PySide6', 'uvicorn') "
        "if m in sys.modules)))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
