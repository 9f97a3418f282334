"""`branchq-counter --config FILE`: the teller's workstation and the customer's screen.

The configuration file (TOML) names the server, the branch, the counter, the language and where the customer
screen goes (see `counter_app.config`); the teller signs in with their own account on screen.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from counter_app.config import CounterConfig, CounterConfigError

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="branchq-counter", description="BranchQ counter app (柜员工作台)")
    parser.add_argument("--config", metavar="FILE", required=True, help="the counter's configuration file (TOML)")
    arguments = parser.parse_args(argv)
    try:
        config = CounterConfig.load(Path(arguments.config))
    except CounterConfigError as error:
        print(error, file=sys.stderr)
        return 2
    from counter_app.app import run  # Qt is loaded only once the configuration is sound

    return run(config)


if __name__ == "__main__":
    sys.exit(main())
