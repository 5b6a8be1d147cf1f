#!/usr/bin/env bash
# Fetches the Neo4j jars with Maven and writes the classpath for neo4j/Launcher.java.
set -euo pipefail
cd "$(dirname "$0")/../neo4j"
mvn -q -B dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
echo "classpath written to neo4j/target/classpath.txt"
