#!/usr/bin/env bash
# `npm start`: install what is missing, build, and run the hub (with its own Neo4j unless NEO4J_URI is set).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
npx tsc -p tsconfig.build.json
# The analyst's dashboard (web/), served on HUB_DASHBOARD_PORT.
npx vite build --config web/vite.config.ts --logLevel warn
exec node --enable-source-maps dist/main.js
