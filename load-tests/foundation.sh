#!/usr/bin/env bash
# Runs the same redis-benchmark workloads against redis-server and Runnel in one run,
# alternating between them, and prints requests/s, p99 latency and the Runnel/Redis ratio.
#
#   load-tests/foundation.sh [requests] [rounds]
#
# Both servers run on this machine on free loopback ports, without persistence. Each workload
# runs `rounds` times per server (alternating redis, runnel, redis, runnel, ...); the table
# shows the best round of each, which filters out the noise of a shared 2-core machine.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REQUESTS="${1:-300000}"
ROUNDS="${2:-3}"
CLIENTS=50

"$ROOT/scripts/install-test-deps.sh"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
REDIS_PORT=$(free_port)
RUNNEL_PORT=$(free_port)
WORK=$(mktemp -d)
cleanup() {
  [ -n "${REDIS_PID:-}" ] && kill "$REDIS_PID" 2>/dev/null || true
  [ -n "${RUNNEL_PID:-}" ] && kill "$RUNNEL_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$WORK" >"$WORK/redis.log" 2>&1 &
REDIS_PID=$!
"$ROOT/runnel-server" --port "$RUNNEL_PORT" --dir "$WORK" >"$WORK/runnel.log" 2>&1 &
RUNNEL_PID=$!
for port in "$REDIS_PORT" "$RUNNEL_PORT"; do
  for _ in $(seq 1 600); do
    redis-cli -p "$port" ping >/dev/null 2>&1 && break
    sleep 0.2
  done
done

# Warm Runnel's JIT so that the first measured round is not its compilation.
redis-benchmark -p "$RUNNEL_PORT" -t set,get -n 200000 -c "$CLIENTS" -q >/dev/null
redis-benchmark -p "$RUNNEL_PORT" -t set,get,mset -n 500000 -c "$CLIENTS" -P 16 -q >/dev/null

# name | redis-benchmark arguments
WORKLOADS=(
  "SET|-t set"
  "GET|-t get"
  "SET -P 16|-t set -P 16"
  "GET -P 16|-t get -P 16"
  "MSET (10 keys)|-t mset"
)

run() { # port args -> "rps p99"
  local port=$1; shift
  redis-benchmark -p "$port" -c "$CLIENTS" -n "$REQUESTS" --csv "$@" 2>/dev/null \
    | awk -F'","' 'NR==2 { gsub(/"/, "", $2); gsub(/"/, "", $7); print $2, $7 }'
}

printf '%-16s %14s %10s %14s %10s %8s\n' workload "redis rps" "p99 ms" "runnel rps" "p99 ms" ratio
for workload in "${WORKLOADS[@]}"; do
  name=${workload%%|*}
  args=${workload#*|}
  best_redis=0; best_redis_p99=0; best_runnel=0; best_runnel_p99=0
  for _ in $(seq 1 "$ROUNDS"); do
    read -r rps p99 <<<"$(run "$REDIS_PORT" $args)"
    if awk "BEGIN{exit !($rps > $best_redis)}"; then best_redis=$rps; best_redis_p99=$p99; fi
    read -r rps p99 <<<"$(run "$RUNNEL_PORT" $args)"
    if awk "BEGIN{exit !($rps > $best_runnel)}"; then best_runnel=$rps; best_runnel_p99=$p99; fi
  done
  ratio=$(awk "BEGIN{printf \"%.2f\", $best_runnel / $best_redis}")
  printf '%-16s %14s %10s %14s %10s %8s\n' "$name" "$best_redis" "$best_redis_p99" "$best_runnel" "$best_runnel_p99" "$ratio"
done
