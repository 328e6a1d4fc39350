#!/usr/bin/env bash
# Pub/sub delivery against redis-server and Runnel in one run, alternating rounds: one
# publisher (pipelined 50 deep) fanning out to 1, 10, 100 and 1000 subscribers of one channel,
# 1000 channels with one subscriber each, and 100 pattern subscribers. Prints delivered
# messages/s and p99 publish-to-delivery latency of the best round of each, and the ratio.
#
#   load-tests/pubsub.sh [rounds]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROUNDS="${1:-3}"
(cd "$ROOT" && mvn -q -Dmaven.test.skip=true -pl load-tests -am package)
CP="$ROOT/load-tests/target/runnel-load-tests-0.1.0-SNAPSHOT.jar:$(cat "$ROOT/load-tests/target/runtime-classpath.txt")"
run() { java -cp "$CP" io.runnel.loadtests.PubSubFanoutBenchmark "$@"; }

# shape subscribers messages-per-subscriber-or-total
SHAPES=("fanout 1 200000" "fanout 10 100000" "fanout 100 20000" "fanout 1000 2000"
        "channels 1000 200000" "patterns 100 200000")
printf '%-16s %14s %10s %14s %10s %8s\n' workload "redis msg/s" "p99 ms" "runnel msg/s" "p99 ms" ratio
for shape in "${SHAPES[@]}"; do
  # shellcheck disable=SC2086
  run "$RUNNEL_PORT" $shape >/dev/null  # warm-up
  best_redis="0 0 0 0"; best_runnel="0 0 0 0"
  for _ in $(seq 1 "$ROUNDS"); do
    # shellcheck disable=SC2086
    r=$(run "$REDIS_PORT" $shape); n=$(run "$RUNNEL_PORT" $shape)
    awk -v a="$r" -v b="$best_redis" 'BEGIN{split(a,x," "); split(b,y," "); exit !(x[2] > y[2])}' && best_redis=$r
    awk -v a="$n" -v b="$best_runnel" 'BEGIN{split(a,x," "); split(b,y," "); exit !(x[2] > y[2])}' && best_runnel=$n
  done
  read -r _ redis_rate _ redis_p99 <<<"$best_redis"
  read -r _ runnel_rate _ runnel_p99 <<<"$best_runnel"
  name=$(echo "$shape" | awk '{print $1 "-" $2}')
  printf '%-16s %14s %10s %14s %10s %8s\n' "$name" "$redis_rate" "$redis_p99" "$runnel_rate" "$runnel_p99" \
    "$(awk -v a="$runnel_rate" -v b="$redis_rate" 'BEGIN{printf "%.2f", a / b}')"
done
