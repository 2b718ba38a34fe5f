#!/bin/sh
# Installs what metakit needs on a fresh machine (Node 20 + npm, as root) and builds it.
# Quick and harmless to run again: each step is skipped or is a no-op when already done.
set -eu
cd "$(dirname "$0")/.."

# Debian packages: DejaVu Sans, the font the figures are measured and rendered with.
if [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then
  echo "setup: installing fonts-dejavu-core (Debian)" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core >&2
fi

# Debian's chromium: the browser tests and `metakit report --pdf` drive it through
# playwright-core (never `playwright install`). About 350 MB, installed once.
if [ ! -x /usr/bin/chromium ]; then
  echo "setup: installing chromium (Debian)" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
fi

# Debian's LibreOffice Writer without its GUI: the report tests convert reports/review.docx
# to PDF with `soffice --headless` to check that it opens. About 150 MB, installed once.
if ! command -v soffice >/dev/null 2>&1; then
  echo "setup: installing libreoffice-writer-nogui (Debian)" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-writer-nogui >&2
fi

PNPM_VERSION=10.34.9
if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  echo "setup: installing pnpm $PNPM_VERSION" >&2
  npm install -g --silent "pnpm@$PNPM_VERSION" >&2
fi

pnpm install --frozen-lockfile --prefer-offline --reporter=silent >&2
pnpm exec tsc -b >&2
# the installed `metakit` command (bin) is the bundle of the built CLI: see packages/cli/scripts/bundle.mjs
node packages/cli/scripts/bundle.mjs >&2

# The web app's bundle (packages/web/dist), which `metakit serve` serves and the browser tests open.
pnpm -s build:web >&2
