#!/usr/bin/env bash
# SET, GET and MSET through redis-benchmark against redis-server and Runnel in one run,
# alternating rounds; prints requests/s, p99 and the Runnel/Redis ratio (best round of each).
#
#   load-tests/foundation.sh [requests] [rounds]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
run_workloads "${1:-300000}" "${2:-3}" \
  "SET|-t set" \
  "GET|-t get" \
  "SET -P 16|-t set -P 16" \
  "GET -P 16|-t get -P 16" \
  "MSET (10 keys)|-t mset"
