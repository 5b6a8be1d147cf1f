#!/usr/bin/env bash
# `npm test`: install what is missing, then run every test; the tests start and stop their own Neo4j.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
# The browser tests (test/web) drive the built dashboard.
npx vite build --config web/vite.config.ts --logLevel warn
exec npx vitest run "$@"
