"""`branchq-kiosk --config FILE` or `branchq-kiosk --demo`: the kiosk, full screen.

The configuration file (TOML) names the server, the branch, the device account, the printer, the camera,
the language, the orientation and elder mode (see `kiosk.config`). `--demo` serves the demo branch of a demo
server on this machine (`bash scripts/demo.sh`), printing nowhere. Staff leave the kiosk by holding the
branch name for three seconds and typing the PIN.
"""

from __future__ import annotations

import argparse
import sys

from kiosk.config import KioskConfig, KioskConfigError

__all__ = ["main"]


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="branchq-kiosk", description="BranchQ kiosk (取号机)")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--config", metavar="FILE", help="the kiosk's configuration file (TOML)")
    source.add_argument("--demo", action="store_true", help="the demo kiosk of a local demo server")
    parser.add_argument("--server", metavar="URL", help="with --demo: the demo server's address")
    parser.add_argument("--windowed", action="store_true", help="a window instead of full screen (development)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    try:
        if arguments.demo:
            config = KioskConfig.demo(server_url=arguments.server) if arguments.server else KioskConfig.demo()
        else:
            config = KioskConfig.load(arguments.config)
    except KioskConfigError as error:
        print(error.bilingual(), file=sys.stderr)
        return 2
    from kiosk.app import run  # Qt is loaded only once the configuration is sound

    return run(config, windowed=arguments.windowed, demo=arguments.demo)


if __name__ == "__main__":
    sys.exit(main())
