#!/usr/bin/env bash
# The measurement behind the gateway's transport: the same RESP decoding and PONG replies on
# Netty (epoll) and on Pekko Streams TCP, each under redis-benchmark PING with 50 clients,
# without pipelining and with -P 16.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REQUESTS="${1:-500000}"
"$ROOT/scripts/install-test-deps.sh"
(cd "$ROOT" && mvn -q -Dmaven.test.skip=true -pl load-tests -am package)
CP="$ROOT/load-tests/target/runnel-load-tests-0.1.0-SNAPSHOT.jar:$(cat "$ROOT/load-tests/target/runtime-classpath.txt")"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

printf '%-8s %16s %16s\n' transport "PING rps" "PING -P 16 rps"
for transport in netty pekko; do
  port=$(free_port)
  java -cp "$CP" io.runnel.loadtests.PingServers "$transport" "$port" >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  redis-benchmark -p "$port" -t ping_mbulk -n 200000 -c 50 -q >/dev/null   # warm-up
  plain=$(redis-benchmark -p "$port" -t ping_mbulk -n "$REQUESTS" -c 50 --csv | awk -F'","' 'NR==2{print $2}')
  piped=$(redis-benchmark -p "$port" -t ping_mbulk -n "$((REQUESTS * 4))" -c 50 -P 16 --csv | awk -F'","' 'NR==2{print $2}')
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  printf '%-8s %16s %16s\n' "$transport" "$plain" "$piped"
done
