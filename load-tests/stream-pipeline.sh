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
run_java_benchmark "$ROUNDS" StreamPipelineBenchmark "$MESSAGES" 4 4
