#!/usr/bin/env bash
# Installs Debian packages that a test of the build needs (scripts/ensure-browser.sh, scripts/ensure-node.sh):
# with apt-get, as root or through passwordless sudo; says what to run when it cannot.
# Usage: apt-install.sh "<what needs them>" "<what to do without apt-get>" package...
set -euo pipefail
what=$1
otherwise=$2
shift 2

echo "nuid-oauth: $what; installing Debian's $*" >&2
if ! command -v apt-get >/dev/null 2>&1; then
  echo "nuid-oauth: no apt-get here: $otherwise" >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "nuid-oauth: run once as root: apt-get update && apt-get install -y $*" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq "$@" >/dev/null
