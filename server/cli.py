"""`branchq-server`: run the queue server (optionally with the demo branch)."""

from __future__ import annotations

import argparse
import logging
import secrets
import sys

import uvicorn

from server.api.app import create_app
from server.container import build_container
from server.demo import seed_demo
from server.settings import Environment, load_settings


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="branchq-server", description="BranchQ queue server")
    parser.add_argument("--demo", action="store_true", help="seed and serve the demo branch")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    overrides = {"environment": Environment.DEMO} if args.demo else {}
    try:
        settings = load_settings(**overrides)
    except ValueError as error:
        print(f"branchq-server: configuration error: {error}", file=sys.stderr)
        return 2
    container = build_container(settings)
    if args.demo:
        _seed_demo(container, settings.demo_password)
    uvicorn.run(create_app(container), host=args.host, port=args.port, log_level="info")
    return 0


def _seed_demo(container, password: str | None) -> None:  # type: ignore[no-untyped-def]
    generated = password is None
    password = password or secrets.token_urlsafe(9)
    created = seed_demo(container.db, password)
    if not created:
        print("Demo branches 'demo' and 'demo2' already exist in this database; their accounts keep their passwords.")
        return
    shown = password if generated else "(from BRANCHQ_DEMO_PASSWORD)"
    print(
        "Demo branches 'demo' and 'demo2' created. Accounts: admin, manager, teller1..teller6, lobby, kiosk-1, "
        f"display-1 (and demo2-... at demo2); password: {shown}"
    )


if __name__ == "__main__":
    raise SystemExit(main())
