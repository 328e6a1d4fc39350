#!/usr/bin/env bash
# Bytes per stream entry: 1,000,000 XADDs of two fields with 16-byte values into one stream, on
# redis-server and on Runnel; reports the growth of used_memory (Redis) and of the live heap
# after a full GC (Runnel, measured with jcmd) divided by the entry count.
#
#   load-tests/stream-memory.sh [entries]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ENTRIES="${1:-1000000}"
VALUE=0123456789abcdef

before_redis=$(used_redis)
before_runnel=$(live_heap)
for port in "$REDIS_PORT" "$RUNNEL_PORT"; do
  redis-benchmark -p "$port" -c 50 -P 64 -n "$ENTRIES" -q XADD mem:stream '*' a "$VALUE" b "$VALUE" >/dev/null 2>&1
done
redis_len=$(redis-cli -p "$REDIS_PORT" xlen mem:stream)
runnel_len=$(redis-cli -p "$RUNNEL_PORT" xlen mem:stream)
after_redis=$(used_redis)
after_runnel=$(live_heap)
awk -v rb="$before_redis" -v ra="$after_redis" -v nb="$before_runnel" -v na="$after_runnel" -v rl="$redis_len" -v nl="$runnel_len" 'BEGIN {
  r = (ra - rb) / rl; n = (na - nb) / nl;
  printf "%-8s %10s %14s\n", "server", "entries", "bytes/entry";
  printf "%-8s %10d %14.1f\n", "redis", rl, r;
  printf "%-8s %10d %14.1f\n", "runnel", nl, n;
  printf "runnel / redis: %.2f\n", n / r }'
