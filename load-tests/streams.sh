#!/usr/bin/env bash
# XADD throughput (one stream, auto IDs, one field) against redis-server and Runnel in one run,
# 50 clients, without pipelining and with -P 16; the stream is deleted before each round.
#
#   load-tests/streams.sh [requests] [rounds]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
RESET_COMMANDS="DEL bench:stream"
run_workloads "${1:-300000}" "${2:-3}" \
  "XADD|XADD bench:stream * field value" \
  "XADD -P 16|-P 16 XADD bench:stream * field value"
