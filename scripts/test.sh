#!/usr/bin/env bash
# npm test: builds the web renderer (the browser tests load it), then runs vitest inside a private
# D-Bus session with an unlocked gnome-keyring, so that the keychain tests meet a real Secret
# Service and nothing touches the user's own keyring. Extra arguments go to vitest.
set -euo pipefail
cd "$(dirname "$0")/.."

npm run --silent build:web >/dev/null

if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
  echo "Il manque dbus-run-session ou gnome-keyring-daemon : installez les paquets dbus et gnome-keyring" >&2
  echo "(apt-get install --no-install-recommends gnome-keyring dbus dbus-x11)." >&2
  exit 1
fi

TEST_HOME=$(mktemp -d)
trap 'rm -rf "$TEST_HOME"' EXIT
export HOME="$TEST_HOME" TMPDIR="$TEST_HOME"
export SNE_TEST_KEYRING=1 NPM_CONFIG_UPDATE_NOTIFIER=false
exec dbus-run-session -- sh -c \
  'printf %s test | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$@"' \
  sh node_modules/.bin/vitest run "$@"
