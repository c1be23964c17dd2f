#!/usr/bin/env bash
# Installs what the test suite needs from Debian when it is missing: chromium (browser tests) and
# its fonts, Dovecot (the inbound-email tests start their own IMAP server), redis-server (the
# Redis-restart test starts its own), plus any extra packages
# named as arguments (.ci/run adds postgresql-15, redis-server).
# Used by `make test` and `.ci/run`; does nothing when everything is present.
set -euo pipefail
need=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || need+=(chromium fonts-liberation)
[ -x /usr/sbin/dovecot ] || need+=(dovecot-imapd)
# The Redis-restart test starts its own redis-server (it never uses a shared one).
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || need+=("$pkg")
done
[ ${#need[@]} -eq 0 ] && exit 0
echo "ensure_test_deps: installing ${need[*]} (Debian apt)"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "ensure_test_deps: not root and no sudo; run as root: apt-get install ${need[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
