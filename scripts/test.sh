#!/usr/bin/env bash
# `npm test`: install what is missing, then run every test; the tests start and stop their own Neo4j.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
exec npx vitest run "$@"
