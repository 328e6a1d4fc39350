#!/usr/bin/env bash
# Restart time with a journal to replay, against redis-server loading its AOF of the same writes:
# each server (appendonly yes, appendfsync everysec) takes 1M SETs of random keys, or 1M XADDs
# to one stream, is shut down and started again; prints the time from start to serving (loading
# done) and the key count found.
#
#   load-tests/restart.sh [writes]
set -euo pipefail
set -f
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WRITES="${1:-1000000}"
"$ROOT/scripts/install-test-deps.sh"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

start() { # server port dir -> pid
  if [ "$1" = redis ]; then
    redis-server --port "$2" --bind 127.0.0.1 --save '' --appendonly yes --appendfsync everysec --dir "$3" >"$3.log" 2>&1 &
  else
    "$ROOT/runnel-server" --port "$2" --save '' --appendonly yes --appendfsync everysec --dir "$3" >"$3.log" 2>&1 &
  fi
  echo $!
}
wait_ready() { # port
  for _ in $(seq 1 6000); do
    redis-cli -p "$1" info persistence 2>/dev/null | grep -q '^loading:0' && return 0
    sleep 0.01
  done
  return 1
}

printf '%-8s %-8s %14s %12s\n' workload server "restart ms" keys
for workload in set xadd; do
  for server in redis runnel; do
    port=$(free_port); dir="$WORK/$server-$workload"; mkdir -p "$dir"
    pid=$(start "$server" "$port" "$dir"); wait_ready "$port"
    if [ "$workload" = set ]; then
      redis-benchmark -p "$port" -c 20 -n "$WRITES" -P 32 -r 100000000 -t set >/dev/null 2>&1
    else
      redis-benchmark -p "$port" -c 20 -n "$WRITES" -P 32 XADD bench:stream '*' field value >/dev/null 2>&1
    fi
    redis-cli -p "$port" shutdown >/dev/null 2>&1 || true
    wait "$pid" 2>/dev/null || true
    began=$(date +%s%N)
    pid=$(start "$server" "$port" "$dir"); wait_ready "$port"
    ended=$(date +%s%N)
    keys=$(redis-cli -p "$port" dbsize)
    [ "$workload" = xadd ] && keys="$(redis-cli -p "$port" xlen bench:stream) entries"
    printf '%-8s %-8s %14s %12s\n' "$workload" "$server" "$(( (ended - began) / 1000000 ))" "$keys"
    redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true
    wait "$pid" 2>/dev/null || true
  done
done
