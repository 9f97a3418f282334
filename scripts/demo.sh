#!/usr/bin/env bash
# Prepare the checkout if needed, then start the BranchQ server in demo mode.  Arguments go to the server.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bash "$BRANCHQ_ROOT/scripts/setup.sh"
exec "$BRANCHQ_VENV/bin/branchq-server" --demo "$@"
