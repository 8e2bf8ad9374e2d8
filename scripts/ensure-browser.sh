#!/usr/bin/env bash
# Makes sure the browser test of the demo portal has what it needs: Debian's Chromium and its driver
# at /usr/bin/chromium and /usr/bin/chromedriver. Run by the examples module's build before its
# tests (skipped with -DskipTests), so `./mvnw -B verify` works on a fresh machine with only a JDK.
# Installs them with apt-get (as root, or through passwordless sudo) when they are missing; says
# what to run when it cannot.
set -euo pipefail

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi

echo "nuid-oauth: the browser test needs Debian's chromium and chromium-driver; installing them" >&2
if ! command -v apt-get >/dev/null 2>&1; then
  echo "nuid-oauth: no apt-get here: install Chromium at /usr/bin/chromium and its chromedriver at" \
       "/usr/bin/chromedriver, or skip the browser test with -Dtest='!BrowserDemoTest' -Dsurefire.failIfNoSpecifiedTests=false" >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "nuid-oauth: run once as root: apt-get update && apt-get install -y chromium chromium-driver" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq chromium chromium-driver >/dev/null
[ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]
