#!/usr/bin/env bash
# Runs every test of Runnel: unit, protocol-level (a real client over TCP) and differential
# (the same commands against redis-server and Runnel, replies compared byte for byte), then
# checks that the README's start command works end to end.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/install-test-deps.sh"
cd "$ROOT"
mvn -B -ntp test "$@"
"$ROOT/scripts/smoke-launcher.sh"
