#!/usr/bin/env bash
# Installs what Runnel's tests and benchmarks need beyond Java and Maven: Debian's redis-server
# (the reference the differential tests compare against), redis-tools (redis-cli,
# redis-benchmark) and postgresql (the shared journal's test starts its own cluster from its
# binaries). Idempotent: does nothing when they are present.
set -euo pipefail

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v redis-benchmark >/dev/null 2>&1 || missing+=(redis-tools)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
echo "Installing ${missing[*]} ..." >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
# Debian starts a system redis-server on 6379 after installing it; the tests start their own
# servers on free ports, so the system one is stopped to keep the port free for Runnel.
if command -v systemctl >/dev/null 2>&1; then
  $SUDO systemctl stop redis-server >/dev/null 2>&1 || true
fi
$SUDO service redis-server stop >/dev/null 2>&1 || true
# likewise the system PostgreSQL cluster: the test runs its own on a free port
$SUDO service postgresql stop >/dev/null 2>&1 || true
