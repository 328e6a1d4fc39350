#!/usr/bin/env bash
# Memory of collections against redis-server: the growth of used_memory (Redis) and of the live
# heap after a full GC (Runnel, measured with jcmd), divided by the number of collections made.
#
#   load-tests/collection-memory.sh hash [writes]
#     hash: HSETs of 5 fields (f1..f5) with 16-byte values into random keys (about writes keys)
#     list: RPUSHes of 16-byte values into one list (writes elements; per element)
#     zset: ZADDs of random scores and members ("member:" and 12 digits) into one sorted set
#           (about writes members; per member)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
WORKLOAD="${1:-hash}"
WRITES="${2:-1000000}"
VALUE=0123456789abcdef

case "$WORKLOAD" in
  hash) COMMAND=(HSET "hash:__rand_int__" f1 "$VALUE" f2 "$VALUE" f3 "$VALUE" f4 "$VALUE" f5 "$VALUE") ;;
  list) COMMAND=(RPUSH "bench:list" "$VALUE") ;;
  zset) COMMAND=(ZADD "bench:zset" "__rand_int__" "member:__rand_int__") ;;
  *) echo "unknown workload $WORKLOAD" >&2; exit 2 ;;
esac

before_redis=$(used_redis)
before_runnel=$(live_heap)
for port in "$REDIS_PORT" "$RUNNEL_PORT"; do
  redis-benchmark -p "$port" -c 50 -P 64 -n "$WRITES" -r 100000000 -q "${COMMAND[@]}" >/dev/null 2>&1
done
if [ "$WORKLOAD" = list ]; then
  redis_count=$(redis-cli -p "$REDIS_PORT" llen bench:list)
  runnel_count=$(redis-cli -p "$RUNNEL_PORT" llen bench:list)
elif [ "$WORKLOAD" = zset ]; then
  redis_count=$(redis-cli -p "$REDIS_PORT" zcard bench:zset)
  runnel_count=$(redis-cli -p "$RUNNEL_PORT" zcard bench:zset)
else
  redis_count=$(redis-cli -p "$REDIS_PORT" dbsize)
  runnel_count=$(redis-cli -p "$RUNNEL_PORT" dbsize)
fi
after_redis=$(used_redis)
after_runnel=$(live_heap)
echo "$WORKLOAD, encoding: redis $(redis-cli -p "$REDIS_PORT" object encoding "$(redis-cli -p "$REDIS_PORT" randomkey)"), runnel $(redis-cli -p "$RUNNEL_PORT" object encoding "$(redis-cli -p "$RUNNEL_PORT" randomkey)")"
awk -v rb="$before_redis" -v ra="$after_redis" -v nb="$before_runnel" -v na="$after_runnel" -v rl="$redis_count" -v nl="$runnel_count" 'BEGIN {
  r = (ra - rb) / rl; n = (na - nb) / nl;
  printf "%-8s %12s %16s\n", "server", "count", "bytes each";
  printf "%-8s %12d %16.1f\n", "redis", rl, r;
  printf "%-8s %12d %16.1f\n", "runnel", nl, n;
  printf "runnel / redis: %.2f\n", n / r }'
