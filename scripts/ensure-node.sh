#!/usr/bin/env bash
# Makes sure the client library interop tests (interop-it) have Node.js 18 or newer and npm: the tests
# run panva's oauth4webapi and openid-client in node against the demo portal. Run by the interop-it
# module's build before its tests (skipped with -DskipTests), so `./mvnw -B verify` works on a fresh
# machine with only a JDK. Installs Debian's nodejs and npm with apt-get (as root, or through
# passwordless sudo) when they are missing; says what to run when it cannot.
set -euo pipefail

node_ok() {
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 \
    && [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)" -ge 18 ]
}

if node_ok; then
  exit 0
fi

bash "$(dirname "$0")/apt-install.sh" "the interop tests need Node.js 18 or newer and npm" \
  "install Node.js 18 or newer with npm, or skip the interop tests with -pl '!interop-it'" \
  nodejs npm
node_ok || { echo "nuid-oauth: Debian's nodejs is older than 18: install a newer Node.js" >&2; exit 1; }
