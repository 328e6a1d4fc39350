#!/usr/bin/env bash
# EVALSHA of a small rate-limiter script (a fixed window: INCR, PEXPIRE on the first hit, then a
# verdict), over 100,000 random limiter keys, 50 clients, with and without -P 16; against
# redis-server and Runnel in one run; and a script that builds tables (200 appends, a map of
# 50 fields encoded by cjson), where the Lua engine's tables are the cost. Prints requests/s,
# p99 and the Runnel/Redis ratio.
#
#   load-tests/scripts.sh [requests] [rounds]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
LIMITER='local hits = redis.call("INCR", KEYS[1])
if hits == 1 then redis.call("PEXPIRE", KEYS[1], ARGV[1]) end
if hits > tonumber(ARGV[2]) then return 0 end
return 1'
TABLES='local list = {} for i = 1, 200 do list[#list + 1] = i end
local map = {} for i = 1, 50 do map["field" .. i] = i end
return #list + #cjson.encode(map)'
SHA=$(printf '%s' "$LIMITER" | sha1sum | cut -d' ' -f1)
TABLES_SHA=$(printf '%s' "$TABLES" | sha1sum | cut -d' ' -f1)
for port in "$REDIS_PORT" "$RUNNEL_PORT"; do
  printf '%s' "$LIMITER" | redis-cli -p "$port" -x SCRIPT LOAD >/dev/null
  printf '%s' "$TABLES" | redis-cli -p "$port" -x SCRIPT LOAD >/dev/null
done
run_workloads "${1:-200000}" "${2:-2}" \
  "EVALSHA limiter|-r 100000 EVALSHA $SHA 1 limiter:__rand_int__ 60000 1000" \
  "EVALSHA limiter -P 16|-r 100000 -P 16 EVALSHA $SHA 1 limiter:__rand_int__ 60000 1000" \
  "EVALSHA table builder|-r 100000 EVALSHA $TABLES_SHA 1 tables:__rand_int__"
