#!/usr/bin/env bash
# Writes with the journal on, against redis-server with its AOF on, in one run: SET and XADD
# through redis-benchmark (50 clients, without and with -P 16), both servers with
# appendonly yes and the same appendfsync. Prints requests/s, p99 and the Runnel/Redis ratio.
#
#   load-tests/persistence.sh everysec|always [requests] [rounds]
MODE="${1:-everysec}"
SERVER_ARGS="--appendonly yes --appendfsync $MODE"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
echo "appendfsync $MODE"
RESET_COMMANDS="DEL bench:stream" run_workloads "${2:-200000}" "${3:-2}" \
  "SET|-t set" \
  "SET -P 16|-t set -P 16" \
  "XADD|XADD bench:stream * field value" \
  "XADD -P 16|-P 16 XADD bench:stream * field value"
