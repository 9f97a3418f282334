#!/usr/bin/env bash
# Run the test suite the way CI does, in the checkout's virtualenv.  Arguments go to pytest unchanged
# (a folder, -k EXPR, -x ...).  pytest's exit code is passed through: 5 means no test was collected.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_venv
cd "$BRANCHQ_ROOT"
# shellcheck disable=SC1091
source "$BRANCHQ_VENV/bin/activate"
export QT_QPA_PLATFORM=offscreen
exec python -m pytest -q "$@"
