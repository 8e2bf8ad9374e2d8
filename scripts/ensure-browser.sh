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

bash "$(dirname "$0")/apt-install.sh" "the browser test needs Debian's chromium and chromium-driver" \
  "install Chromium at /usr/bin/chromium and its chromedriver at /usr/bin/chromedriver, or skip the browser test with -Dtest='!BrowserDemoTest' -Dsurefire.failIfNoSpecifiedTests=false" \
  chromium chromium-driver
[ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]
