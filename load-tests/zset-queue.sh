#!/usr/bin/env bash
# The job-queue shape on a sorted set (a priority queue): one producer ZADDs jobs scored and named
# by their send time, 50 workers wait in BZPOPMIN and take one job per call; against
# redis-server and Runnel in one run, alternating rounds. Prints delivered jobs/s and p50 / p99
# ZADD-to-delivery latency.
#
#   load-tests/zset-queue.sh [messages] [rounds]
#   SERVER_ARGS="--appendonly yes --appendfsync always" load-tests/zset-queue.sh ...
#     (the same directives for both servers: the run with the journal on)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
MESSAGES="${1:-200000}"
ROUNDS="${2:-3}"
run_java_benchmark "$ROUNDS" JobQueueBenchmark "$MESSAGES" 1 50 zset
