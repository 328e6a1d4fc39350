#!/usr/bin/env bash
# The collection types under redis-benchmark, against redis-server in one run: LPUSH, RPOP,
# HSET, SADD, SPOP, ZADD and ZPOPMIN (redis-benchmark's own tests) and LRANGE of the first 100
# elements of a 100-element list; 50 clients, with and without -P 16. Prints requests/s, p99
# and the Runnel/Redis ratio.
#
#   load-tests/collections.sh [requests] [rounds]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
HUNDRED=$(seq 1 100 | tr '\n' ' ')
# shellcheck disable=SC2086
RESET_COMMANDS="RPUSH bench:list $HUNDRED" run_workloads "${1:-200000}" "${2:-2}" \
  "LPUSH|-t lpush" \
  "RPOP|-t rpop" \
  "HSET|-t hset" \
  "SADD|-t sadd" \
  "SPOP|-t spop" \
  "ZADD|-t zadd" \
  "ZPOPMIN|-t zpopmin" \
  "LRANGE_100|LRANGE bench:list 0 99" \
  "LPUSH -P 16|-t lpush -P 16" \
  "RPOP -P 16|-t rpop -P 16" \
  "HSET -P 16|-t hset -P 16" \
  "SADD -P 16|-t sadd -P 16" \
  "ZADD -P 16|-t zadd -P 16"
