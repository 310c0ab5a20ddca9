#!/usr/bin/env bash
# CTest fixture: starts a whole stack for the integration tests in DIR on a
# free loopback port (start), or stops it and removes DIR (stop).
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cmd=$1 dir=$2

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

case $cmd in
    start)
        "$top/scripts/stack" down "$dir" 2>/dev/null || true
        rm -rf "$dir"
        mkdir -p "$dir"
        "$top/scripts/stack" up "$dir" --port "$(free_port)"
        ;;
    stop)
        "$top/scripts/stack" down "$dir"
        rm -rf "$dir"
        ;;
    *)
        echo "usage: stack_fixture.sh start|stop DIR" >&2
        exit 2
        ;;
esac
