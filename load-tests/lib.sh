# Shared by the side-by-side benchmark scripts: starts redis-server and Runnel on free loopback
# ports, runs redis-benchmark workloads against both in alternating rounds and prints a table of
# the best round of each with the Runnel/Redis ratio. Source it, then call `run_workloads`.
set -euo pipefail
set -f  # workload arguments such as XADD's "*" must not be expanded as globs
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLIENTS="${CLIENTS:-50}"

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

# SERVER_ARGS (e.g. "--appendonly yes --appendfsync always") apply to both servers alike
mkdir -p "$WORK/redis" "$WORK/runnel"
# shellcheck disable=SC2086
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no ${SERVER_ARGS:-} --dir "$WORK/redis" >"$WORK/redis.log" 2>&1 &
REDIS_PID=$!
# shellcheck disable=SC2086
"$ROOT/runnel-server" --port "$RUNNEL_PORT" --save '' ${SERVER_ARGS:-} --dir "$WORK/runnel" >"$WORK/runnel.log" 2>&1 &
RUNNEL_PID=$!
for port in "$REDIS_PORT" "$RUNNEL_PORT"; do
  for _ in $(seq 1 600); do
    # ready once listening and no longer loading a journal
    redis-cli -p "$port" info persistence 2>/dev/null | grep -q '^loading:0' && break
    sleep 0.2
  done
done

# one_run port requests args... -> "rps p99"
one_run() {
  local port=$1 requests=$2; shift 2
  redis-benchmark -p "$port" -c "$CLIENTS" -n "$requests" --csv "$@" 2>/dev/null \
    | awk -F'","' 'NR==2 { gsub(/"/, "", $2); gsub(/"/, "", $7); print $2, $7 }'
}

# run_workloads requests rounds "name|args" ... ; a workload's args may name a command to run
# instead of a -t test (e.g. "XADD|XADD bench * f v"); "reset" commands in RESET_COMMANDS run
# on both servers before each round.
run_workloads() {
  local requests=$1 rounds=$2; shift 2
  printf '%-18s %14s %10s %14s %10s %8s\n' workload "redis rps" "p99 ms" "runnel rps" "p99 ms" ratio
  for workload in "$@"; do
    local name=${workload%%|*} args=${workload#*|}
    local best_redis=0 best_redis_p99=0 best_runnel=0 best_runnel_p99=0 rps p99
    # warm Runnel's JIT for this workload before measuring
    # shellcheck disable=SC2086
    one_run "$RUNNEL_PORT" "$requests" $args >/dev/null
    for _ in $(seq 1 "$rounds"); do
      for port in "$REDIS_PORT" "$RUNNEL_PORT"; do
        [ -n "${RESET_COMMANDS:-}" ] && redis-cli -p "$port" $RESET_COMMANDS >/dev/null
      done
      # shellcheck disable=SC2086
      read -r rps p99 <<<"$(one_run "$REDIS_PORT" "$requests" $args)"
      if awk "BEGIN{exit !($rps > $best_redis)}"; then best_redis=$rps; best_redis_p99=$p99; fi
      # shellcheck disable=SC2086
      read -r rps p99 <<<"$(one_run "$RUNNEL_PORT" "$requests" $args)"
      if awk "BEGIN{exit !($rps > $best_runnel)}"; then best_runnel=$rps; best_runnel_p99=$p99; fi
    done
    printf '%-18s %14s %10s %14s %10s %8s\n' "$name" "$best_redis" "$best_redis_p99" "$best_runnel" "$best_runnel_p99" \
      "$(awk "BEGIN{printf \"%.2f\", $best_runnel / $best_redis}")"
  done
}

# run_java_benchmark rounds class args...: a benchmark class of load-tests/ (it takes the port
# first and prints "count rate p50 p99"), run against both servers in alternating rounds after a
# warm-up of Runnel; prints the best round of each and the ratio of their rates, then each
# round's own ratio (Runnel's round against the Redis round just before it) and their median:
# on a shared machine whose speed drifts, a pair of neighbouring rounds sees the same machine,
# while the two bests may come from different minutes.
run_java_benchmark() {
  local rounds=$1 class=$2; shift 2
  (cd "$ROOT" && mvn -q -Dmaven.test.skip=true -pl load-tests -am package)
  local cp="$ROOT/load-tests/target/runnel-load-tests-0.1.0-SNAPSHOT.jar:$(cat "$ROOT/load-tests/target/runtime-classpath.txt")"
  java -cp "$cp" "io.runnel.loadtests.$class" "$RUNNEL_PORT" "$@" >/dev/null  # warm-up
  printf '%-8s %12s %10s %10s\n' server "msgs/s" "p50 ms" "p99 ms"
  local best_redis="0 0 0 0" best_runnel="0 0 0 0" r n ratios=""
  for _ in $(seq 1 "$rounds"); do
    r=$(java -cp "$cp" "io.runnel.loadtests.$class" "$REDIS_PORT" "$@")
    n=$(java -cp "$cp" "io.runnel.loadtests.$class" "$RUNNEL_PORT" "$@")
    awk -v a="$r" -v b="$best_redis" 'BEGIN{split(a,x," "); split(b,y," "); exit !(x[2] > y[2])}' && best_redis=$r
    awk -v a="$n" -v b="$best_runnel" 'BEGIN{split(a,x," "); split(b,y," "); exit !(x[2] > y[2])}' && best_runnel=$n
    ratios="$ratios $(awk -v a="$n" -v b="$r" 'BEGIN{split(a,x," "); split(b,y," "); printf "%.2f", x[2] / y[2]}')"
  done
  local redis_rate redis_p50 redis_p99 runnel_rate runnel_p50 runnel_p99
  read -r _ redis_rate redis_p50 redis_p99 <<<"$best_redis"
  read -r _ runnel_rate runnel_p50 runnel_p99 <<<"$best_runnel"
  printf '%-8s %12s %10s %10s\n' redis "$redis_rate" "$redis_p50" "$redis_p99"
  printf '%-8s %12s %10s %10s\n' runnel "$runnel_rate" "$runnel_p50" "$runnel_p99"
  awk -v a="$runnel_rate" -v b="$redis_rate" 'BEGIN{printf "runnel / redis: %.2f\n", a / b}'
  echo "$ratios" | tr ' ' '\n' | grep . | sort -n \
    | awk -v all="$ratios" '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
        printf "per-round ratios:%s (median %.2f)\n", all, m }'
}

# Memory probes: Redis's used_memory, and Runnel's live heap after a full GC (jcmd), in bytes.
used_redis() { redis-cli -p "$REDIS_PORT" info memory | awk -F: '/^used_memory:/ { print $2+0 }'; }
live_heap() {
  local pid
  pid=$(pgrep -f "RunnelServer --port $RUNNEL_PORT" | head -1)
  jcmd "$pid" GC.run >/dev/null
  sleep 1
  jcmd "$pid" GC.heap_info | awk '/used/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i+1); sub(/K.*/, "", v); print v * 1024; exit } }'
}
