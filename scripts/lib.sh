# shellcheck shell=bash
# Shared by the scripts in this folder (sourced, not run): where the checkout and its virtualenv live.
# BRANCHQ_VENV may point the virtualenv elsewhere; everything else is fixed so that CI and developers agree.

BRANCHQ_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BRANCHQ_VENV="${BRANCHQ_VENV:-$BRANCHQ_ROOT/.venv}"

log() {
  printf '[branchq %s] %s\n' "$(basename "$0" .sh)" "$*" >&2
}

require_venv() {
  if [[ ! -x "$BRANCHQ_VENV/bin/python" ]]; then
    log "no virtualenv at $BRANCHQ_VENV: run 'bash scripts/setup.sh' first"
    exit 2
  fi
}
