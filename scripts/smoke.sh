#!/usr/bin/env bash
# Start-and-walk smoke test of the release on one Node.js major version (CI runs it for 22 and 26 after `npm test`
# on 24): puts that Node.js on PATH (scripts/setup-node.sh), writes a release with it into an empty temporary folder,
# rebuilds better-sqlite3 there for that Node's ABI (a native module: from source, with the headers of
# npm_config_nodedir, where no prebuilt binary can be fetched), then runs test/e2e/release.full.test.ts against it under
# the same Node: `npm start`, a walk over HTTP, the web page, /readyz, and /readyz 503 naming Redis once Redis stops.
#
#   bash scripts/smoke.sh 22
set -euo pipefail
cd "$(dirname "$0")/.."
major="${1:?usage: scripts/smoke.sh <22|24|26>}"
started=$SECONDS
# shellcheck source=setup-node.sh
source scripts/setup-node.sh "$major"
echo "== smoke on node $(node --version)"
work=$(mktemp -d "${TMPDIR:-/tmp}/smoke-node$major.XXXXXX")
trap 'rm -rf "$work"' EXIT

node scripts/release.js --out "$work/app"
step=$SECONDS
(cd "$work/app" && npm rebuild better-sqlite3 --no-audit --no-fund)
echo "== better-sqlite3 rebuilt for node $(node --version) (ABI $(node -p process.versions.modules)) in $((SECONDS - step)) s"

RELEASE_DIR="$work/app" node node_modules/jest/bin/jest.js --ci test/e2e/release.full.test.ts
echo "== smoke on node $(node --version) passed in $((SECONDS - started)) s"
