#!/usr/bin/env bash
# Checks the README's start command end to end: ./runnel-server with redis-server-style
# arguments starts, prints its start-up line, serves redis-cli, stops on SHUTDOWN (saving its
# dump file, which the next start in the same --dir loads) and on SIGTERM. Prints "2 passed, 0 failed" (or the failures) and exits non-zero on failure.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
passed=0
failed=0
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

start() { # port log
  "$ROOT/runnel-server" --port "$1" --dir "$WORK" >"$2" 2>&1 &
  PID=$!
  for _ in $(seq 1 600); do
    redis-cli -p "$1" ping >/dev/null 2>&1 && return 0
    kill -0 "$PID" 2>/dev/null || return 1
    sleep 0.2
  done
  return 1
}

check() { # name condition...
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $name" >&2; fi
}

stops_within() { # pid seconds
  for _ in $(seq 1 $(($2 * 10))); do
    kill -0 "$1" 2>/dev/null || return 0
    sleep 0.1
  done
  return 1
}

shutdown_case() {
  local port; port=$(free_port)
  start "$port" "$WORK/a.log" || { cat "$WORK/a.log" >&2; return 1; }
  grep -q "ready to accept connections on 127.0.0.1 port $port, pid $PID" "$WORK/a.log" || { cat "$WORK/a.log" >&2; return 1; }
  [ "$(redis-cli -p "$port" set smoke yes)" = "OK" ] || return 1
  [ "$(redis-cli -p "$port" get smoke)" = "yes" ] || return 1
  redis-cli -p "$port" shutdown >/dev/null 2>&1
  stops_within "$PID" 15
}

sigterm_case() {
  local port; port=$(free_port)
  start "$port" "$WORK/b.log" || { cat "$WORK/b.log" >&2; return 1; }
  # SHUTDOWN saved the dump file (Redis's default save rules): the same --dir finds the key again,
  # once loaded (PING is answered while loading, GET with -LOADING)
  local value=""
  for _ in $(seq 1 100); do
    value=$(redis-cli -p "$port" get smoke 2>&1)
    [[ "$value" == LOADING* ]] || break
    sleep 0.1
  done
  [ "$value" = "yes" ] || { echo "the key written before SHUTDOWN is gone: $value" >&2; return 1; }
  kill -TERM "$PID"
  stops_within "$PID" 15
}

check "start, serve and SHUTDOWN" shutdown_case
check "stop on SIGTERM" sigterm_case
echo "launcher: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
