#!/usr/bin/env bash
# Installs what the hub and its tests need, only when missing or out of date:
# the npm packages (npm ci from the lockfile) and the Neo4j jars (Maven, via neo4j/pom.xml).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing npm packages (npm ci)…"
  npm ci --no-audit --no-fund
fi

classpath=neo4j/target/classpath.txt
if [ ! -f "$classpath" ] || [ neo4j/pom.xml -nt "$classpath" ] || ! tr ':' '\n' < "$classpath" | xargs -r ls >/dev/null 2>&1; then
  echo "Fetching Neo4j 5.26 artifacts with Maven…"
  bash scripts/neo4j-fetch.sh
fi

# The local Neo4j's class-data sharing archive (src/database/class-archive.ts): written once, it
# takes ~3 s off every later start of Neo4j. Never fails the install (Neo4j starts without it).
node --import tsx src/database/class-archive.cli.ts
