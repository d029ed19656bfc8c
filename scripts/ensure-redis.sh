#!/usr/bin/env bash
# Runs before `npm test`: the tests need Redis. When none answers at TEST_REDIS_URL, test/global-setup.ts starts the
# machine's redis-server on a port of its own (and, when no PostgreSQL answers at TEST_DATABASE_URL, a private one from
# the embedded-postgres package, which needs nothing installed). Installs redis-server with apt when it is missing and
# we may (root, apt-get); otherwise says in one line what to install.
set -euo pipefail
url="${TEST_REDIS_URL:-redis://127.0.0.1:6379}"
address="${url#*://}" && address="${address##*@}" && address="${address%%/*}"
host="${address%:*}" && port="${address##*:}"
[ "$port" = "$address" ] && port=6379
if command -v redis-server >/dev/null || (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "[tongxin] no Redis at $url and no redis-server: installing Debian's redis-server for the tests (apt-get)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
  exit 0
fi
echo "[tongxin] the tests need Redis: none answers at $url; install redis-server (sudo apt-get install -y redis-server) or set TEST_REDIS_URL" >&2
exit 1
