#!/usr/bin/env bash
# Runs every test of Runnel: unit, protocol-level (a real client over TCP) and differential
# (the same commands against redis-server and Runnel, replies compared byte for byte).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/install-test-deps.sh"
cd "$ROOT"
exec mvn -B -ntp test "$@"
