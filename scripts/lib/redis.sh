# A private Redis under a state folder, reached only through the unix
# socket DIR/run/redis.sock; sourced by the stack scripts and the tests.
#
#   cc_redis_start DIR    start it (data in DIR/redis, kept); idempotent
#   cc_redis_stop DIR     stop it if it runs
#   cc_redis_address DIR  print the socket path clients connect to

# A process that exited but was not yet reaped (state Z) counts as gone,
# and so does a recycled pid now used by another program.
cc_redis__alive() {
    local state
    state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
    [ -n "$state" ] && [ "$state" != Z ] &&
        [ "$(cat "/proc/$1/comm" 2>/dev/null)" = redis-server ]
}

cc_redis__pid() {
    local pidfile=$1/run/redis.pid pid
    [ -f "$pidfile" ] || return 1

    pid=$(cat "$pidfile")
    [ -n "$pid" ] && cc_redis__alive "$pid" || return 1
    echo "$pid"
}

cc_redis__write_conf() {
    local dir=$1

    cat >"$dir/redis/redis.conf" <<CONF
port 0
unixsocket $dir/run/redis.sock
unixsocketperm 700
dir $dir/redis
appendonly yes
daemonize yes
pidfile $dir/run/redis.pid
logfile $dir/log/redis.log
CONF
}

cc_redis_start() {
    local dir i
    [ -n "$1" ] || { echo "usage: cc_redis_start DIR" >&2; return 2; }
    dir=$(realpath -m "$1")

    if ! command -v redis-server >/dev/null; then
        echo "redis: redis-server is not installed" >&2
        return 1
    fi

    cc_redis__pid "$dir" >/dev/null && return 0

    mkdir -p "$dir/run" "$dir/redis" "$dir/log" || return 1
    chmod 700 "$dir/redis"
    rm -f "$dir/run/redis.sock" "$dir/run/redis.pid"
    cc_redis__write_conf "$dir"

    if ! redis-server "$dir/redis/redis.conf"; then
        echo "redis: start failed; see $dir/log/redis.log" >&2
        return 1
    fi

    for i in $(seq 100); do
        if redis-cli -s "$dir/run/redis.sock" ping >/dev/null 2>&1; then
            return 0
        fi
        sleep 0.1
    done

    echo "redis: no answer on $dir/run/redis.sock after 10 s; see" \
         "$dir/log/redis.log" >&2
    return 1
}

cc_redis_stop() {
    local dir pid i
    [ -n "$1" ] || { echo "usage: cc_redis_stop DIR" >&2; return 2; }
    dir=$(realpath -m "$1")

    pid=$(cc_redis__pid "$dir") || return 0
    kill -TERM "$pid"

    # SIGTERM makes Redis flush the append-only file before it exits.
    for i in $(seq 100); do
        cc_redis__alive "$pid" || return 0
        sleep 0.1
    done

    echo "redis: pid $pid did not stop within 10 s" >&2
    return 1
}

cc_redis_address() {
    [ -n "$1" ] || { echo "usage: cc_redis_address DIR" >&2; return 2; }

    echo "$(realpath -m "$1")/run/redis.sock"
}
