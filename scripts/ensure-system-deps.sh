#!/usr/bin/env bash
# Browser and PDF tests need Debian's Chromium (Playwright's own browser
# download cannot work on these machines) and pdftoppm from poppler-utils;
# the PDFs use DejaVu Sans from fonts-dejavu-core.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium chromium-driver)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
# PDFs print with DejaVu Sans (wide glyph coverage); without it they fall back to Vera.
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "Saknas: ${missing[*]}. Installera som root: apt-get install ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
