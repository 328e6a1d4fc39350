#!/usr/bin/env bash
# The end-to-end stream run: 4 producers XADD, 4 consumers in one group read with XREADGROUP
# COUNT 100 BLOCK 100 and XACK each batch; against redis-server and Runnel in one run,
# alternating rounds. Prints delivered messages/s and p50 / p99 XADD-to-delivery latency.
#
#   load-tests/stream-pipeline.sh [messages] [rounds]
#   SERVER_ARGS="--appendonly yes --appendfsync always" load-tests/stream-pipeline.sh ...
#     (the same directives for both servers: the run with the journal on)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
MESSAGES="${1:-200000}"
ROUNDS="${2:-3}"
(cd "$ROOT" && mvn -q -Dmaven.test.skip=true -pl load-tests -am package)
CP="$ROOT/load-tests/target/runnel-load-tests-0.1.0-SNAPSHOT.jar:$(cat "$ROOT/load-tests/target/runtime-classpath.txt")"
run() { java -cp "$CP" io.runnel.loadtests.StreamPipelineBenchmark "$1" "$MESSAGES" 4 4; }

run "$RUNNEL_PORT" >/dev/null  # warm-up
printf '%-8s %12s %10s %10s\n' server "msgs/s" "p50 ms" "p99 ms"
best_redis="0 0 0 0"; best_runnel="0 0 0 0"
for _ in $(seq 1 "$ROUNDS"); do
  r=$(run "$REDIS_PORT"); n=$(run "$RUNNEL_PORT")
  awk -v a="$r" -v b="$best_redis" 'BEGIN{split(a,x," "); split(b,y," "); exit !(x[2] > y[2])}' && best_redis=$r
  awk -v a="$n" -v b="$best_runnel" 'BEGIN{split(a,x," "); split(b,y," "); exit !(x[2] > y[2])}' && best_runnel=$n
done
read -r _ redis_rate redis_p50 redis_p99 <<<"$best_redis"
read -r _ runnel_rate runnel_p50 runnel_p99 <<<"$best_runnel"
printf '%-8s %12s %10s %10s\n' redis "$redis_rate" "$redis_p50" "$redis_p99"
printf '%-8s %12s %10s %10s\n' runnel "$runnel_rate" "$runnel_p50" "$runnel_p99"
awk -v a="$runnel_rate" -v b="$redis_rate" 'BEGIN{printf "runnel / redis: %.2f\n", a / b}'
