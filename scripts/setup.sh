#!/usr/bin/env bash
# Prepare this checkout to run BranchQ and its tests: the Debian packages it needs, then a virtualenv
# (.venv) holding the project, editable, with every extra.  Safe to run again: apt installs only what is
# missing, and pip is skipped while pyproject.toml and the Python are unchanged (BRANCHQ_REINSTALL=1
# forces it).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

APT_PACKAGES=(
  python3 python3-venv                 # the virtualenv
  postgresql-15                        # server programs; the tests start their own throw-away server
  fonts-wqy-microhei                   # CJK font for tickets, screens and charts
  espeak-ng sox                        # voice announcements
  chromium xvfb                        # browser tests of the web screens
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0   # Qt (xcb platform)
  libegl1 libgl1 libdbus-1-3 libfontconfig1                         # Qt (offscreen platform too)
)
MINIMUM_PYTHON="3.11"

missing_apt_packages() {
  local package
  for package in "${APT_PACKAGES[@]}"; do
    if [[ "$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)" != installed ]]; then
      printf '%s\n' "$package"
    fi
  done
}

as_root() {
  if [[ $EUID -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null; then
    sudo "$@"
  else
    log "root is needed to run: $*"
    return 1
  fi
}

apt_install() {
  local apt=(env DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=300)
  as_root "${apt[@]}" update && as_root "${apt[@]}" install -y --no-install-recommends "$@"
}

install_apt_packages() {
  if ! command -v dpkg-query >/dev/null; then
    log "not a Debian system: install by hand the equivalents of: ${APT_PACKAGES[*]}"
    return
  fi
  local missing
  mapfile -t missing < <(missing_apt_packages)
  if (( ${#missing[@]} == 0 )); then
    log "Debian packages: all ${#APT_PACKAGES[@]} present"
    return
  fi
  log "Debian packages to install: ${missing[*]}"
  if ! apt_install "${missing[@]}"; then
    log "apt failed (mirror or lock trouble?); retrying once in 15 s"
    sleep 15
    apt_install "${missing[@]}"
  fi
}

create_venv() {
  if [[ -x "$BRANCHQ_VENV/bin/python" ]]; then
    return
  fi
  local python="${PYTHON:-python3}"
  if ! "$python" -c "import sys; sys.exit(sys.version_info < (${MINIMUM_PYTHON/./, }))"; then
    log "$python is $("$python" --version 2>&1); BranchQ needs Python >= $MINIMUM_PYTHON (set PYTHON=...)"
    exit 2
  fi
  log "creating virtualenv $BRANCHQ_VENV with $("$python" --version 2>&1)"
  "$python" -m venv "$BRANCHQ_VENV"
}

install_project() {
  local stamp="$BRANCHQ_VENV/.branchq-installed" fingerprint
  fingerprint="$( { sha256sum "$BRANCHQ_ROOT/pyproject.toml"; "$BRANCHQ_VENV/bin/python" -VV; } | sha256sum)"
  if [[ -z "${BRANCHQ_REINSTALL:-}" && -f "$stamp" && "$(cat "$stamp")" == "$fingerprint" ]]; then
    log "Python packages: up to date (BRANCHQ_REINSTALL=1 to force)"
    return
  fi
  local pip=("$BRANCHQ_VENV/bin/python" -m pip --disable-pip-version-check)
  "${pip[@]}" install --quiet --upgrade pip
  log "installing the project with all extras (pip install -e '.[all]')"
  "${pip[@]}" install --progress-bar off -e "${BRANCHQ_ROOT}[all]"
  printf '%s\n' "$fingerprint" > "$stamp"
}

build_translations() {
  # the apps' .qm catalogues are build output (never committed): compiled from resources/i18n/*.ts
  "$BRANCHQ_VENV/bin/python" -m qtkit
}

main() {
  local started=$SECONDS
  install_apt_packages
  create_venv
  install_project
  build_translations
  log "ready in $(( SECONDS - started )) s: bash scripts/test.sh  |  bash scripts/demo.sh"
}

main "$@"
