#!/usr/bin/env bash
# MULTI/EXEC of 10 SETs on keys in different hash slots (different entities in Runnel), 50
# clients, each sending a whole transaction per write; against redis-server and Runnel in one
# run, alternating rounds. Prints transactions/s, p50 / p99 per transaction and the ratio.
#
#   load-tests/transactions.sh [transactions] [rounds]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
run_java_benchmark "${2:-3}" TransactionBenchmark "${1:-100000}" 50 10
