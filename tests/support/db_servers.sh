#!/usr/bin/env bash
# Starts and stops the PostgreSQL and Redis that integration tests use,
# under one folder, with the same functions the stack uses.
#
#   db_servers.sh start DIR    wipe DIR, start both, write DIR/conninfo and
#                              DIR/redis.address for the tests
#   db_servers.sh stop DIR     stop both (DIR is kept for post-mortems)
#   db_servers.sh pg-stop|pg-start|redis-stop|redis-start DIR
#                              one server only, data kept (restart tests)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../../scripts/lib/postgres.sh"
source "$here/../../scripts/lib/redis.sh"

usage() {
    echo "usage: db_servers.sh start|stop|pg-stop|pg-start|redis-stop|" \
         "redis-start DIR" >&2
    exit 2
}

[ $# -eq 2 ] || usage
action=$1
dir=$(realpath -m "$2")

case "$action" in
start)
    # A fresh cluster per run: tests never see an earlier run's rows. Only
    # a folder this script made (it has the marker) is ever wiped.
    if [ -d "$dir" ] && [ -n "$(ls -A "$dir")" ] &&
        [ ! -f "$dir/.cc-test-servers" ]; then
        echo "db_servers: $dir is not empty and was not made by this" \
             "script; refusing to wipe it" >&2
        exit 1
    fi
    cc_redis_stop "$dir"
    cc_pg_stop "$dir"
    rm -rf "$dir"
    mkdir -p "$dir"
    chmod 755 "$dir"
    touch "$dir/.cc-test-servers"
    cc_pg_start "$dir"
    cc_redis_start "$dir"
    cc_pg_conninfo "$dir" >"$dir/conninfo"
    cc_redis_address "$dir" >"$dir/redis.address"
    ;;
stop)
    cc_redis_stop "$dir"
    cc_pg_stop "$dir"
    ;;
pg-stop) cc_pg_stop "$dir" ;;
pg-start) cc_pg_start "$dir" ;;
redis-stop) cc_redis_stop "$dir" ;;
redis-start) cc_redis_start "$dir" ;;
*) usage ;;
esac
