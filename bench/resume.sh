#!/usr/bin/env bash
# Measures Jetstream reconnect time (server drop to reconnected) and resume time (process start after kill -9
# to the first new event stored), from the kill -9 test against a loopback Jetstream server.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build tests/Parapet.Cli.Tests -c Release >/dev/null
for i in 1 2 3; do
  dotnet test tests/Parapet.Cli.Tests -c Release --no-build --filter "FullyQualifiedName~RunJetstreamCrashTests" \
    --logger "console;verbosity=detailed" | grep -m1 "jetstream reconnect after server drop"
done
