#!/usr/bin/env bash
# Runs before `npm test`: the page tests drive Debian's chromium (with CJK fonts, or Chinese renders as empty boxes).
# Installs both with apt when they are missing and we may (root, apt-get); otherwise says what to do.
set -euo pipefail
browser="${CHROMIUM_PATH:-/usr/bin/chromium}"
has_fonts() { dpkg -s fonts-noto-cjk >/dev/null 2>&1 || fc-list 2>/dev/null | grep -qi 'CJK'; }
if [ -x "$browser" ] && has_fonts; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "[tongxin] installing Debian chromium and fonts-noto-cjk for the page tests (apt-get, about 20 s)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
  exit 0
fi
echo "[tongxin] the page tests need a chromium at $browser (set CHROMIUM_PATH) and CJK fonts:" >&2
echo "          sudo apt-get install -y chromium fonts-noto-cjk" >&2
exit 1
