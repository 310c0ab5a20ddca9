# A private PostgreSQL cluster under a state folder, reached only through a
# unix socket in DIR/run; sourced by the stack scripts and the test fixture.
#
#   cc_pg_start DIR     create (once) and start the cluster; idempotent
#   cc_pg_stop DIR      stop it if it runs
#   cc_pg_conninfo DIR  print the libpq conninfo of database classcloud
#
# CC_PG_PORT (default 5432) only names the socket file: no TCP is opened.

cc_pg__bindir() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [ -z "$dir" ]; then
        echo "postgres: no /usr/lib/postgresql/*/bin; install postgresql" >&2
        return 1
    fi
    echo "$dir"
}

# PostgreSQL refuses to run as root, so root runs it as user postgres.
cc_pg__as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# Every parent of DIR must be searchable by the user running the server.
cc_pg__check_traversable() {
    local dir=$1 path=$1
    [ "$(id -u)" = 0 ] || return 0

    while [ -n "$path" ] && [ "$path" != / ]; do
        if ! runuser -u postgres -- test -x "$path"; then
            echo "postgres: user postgres cannot enter $path (needed for" \
                 "$dir); use a state folder under a world-searchable path" \
                 "or chmod o+x $path" >&2
            return 1
        fi
        path=$(dirname "$path")
    done
}

cc_pg__port() {
    local dir=$1 conf=$1/pg/classcloud.conf port
    port=$(sed -n 's/^port = \([0-9]*\)$/\1/p' "$conf" 2>/dev/null)
    echo "${port:-${CC_PG_PORT:-5432}}"
}

cc_pg__write_conf() {
    local dir=$1 port=${CC_PG_PORT:-5432}
    local socket="$dir/run/.s.PGSQL.$port"

    # The kernel limits a socket path to 107 bytes.
    if [ ${#socket} -gt 107 ]; then
        echo "postgres: socket path $socket is too long; use a shorter" \
             "state folder" >&2
        return 1
    fi

    cat >"$dir/pg/classcloud.conf" <<EOF
listen_addresses = ''
unix_socket_directories = '$dir/run'
unix_socket_permissions = 0700
port = $port
max_connections = 50
shared_buffers = 32MB
EOF
}

cc_pg__init() {
    local dir=$1 bin=$2

    mkdir -p "$dir/pg"
    chmod 700 "$dir/pg"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir/pg"

    if ! cc_pg__as_owner "$bin/initdb" -D "$dir/pg" -U postgres \
            --auth-local=trust --auth-host=reject -E UTF8 \
            --locale=C.UTF-8 >"$dir/log/initdb.log" 2>&1; then
        echo "postgres: initdb failed; see $dir/log/initdb.log" >&2
        return 1
    fi

    echo "include_if_exists = 'classcloud.conf'" >>"$dir/pg/postgresql.conf"
}

cc_pg__psql() {
    local dir=$1 bin=$2
    shift 2
    "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir/run" \
        -p "$(cc_pg__port "$dir")" -U postgres -d postgres -tA "$@"
}

cc_pg__create_database() {
    local dir=$1 bin=$2 exists

    exists=$(cc_pg__psql "$dir" "$bin" \
        -c "SELECT 1 FROM pg_roles WHERE rolname = 'classcloud'") || return 1
    if [ "$exists" != 1 ]; then
        cc_pg__psql "$dir" "$bin" -c "CREATE ROLE classcloud LOGIN" || return 1
    fi

    exists=$(cc_pg__psql "$dir" "$bin" \
        -c "SELECT 1 FROM pg_database WHERE datname = 'classcloud'") || return 1
    if [ "$exists" != 1 ]; then
        cc_pg__psql "$dir" "$bin" \
            -c "CREATE DATABASE classcloud OWNER classcloud" || return 1
    fi
}

cc_pg_start() {
    local dir bin
    [ -n "$1" ] || { echo "usage: cc_pg_start DIR" >&2; return 2; }
    dir=$(realpath -m "$1")
    bin=$(cc_pg__bindir) || return 1

    mkdir -p "$dir/run" "$dir/log" || return 1
    cc_pg__check_traversable "$dir" || return 1

    # DIR/run also holds other sockets (Redis, the handlers), so it stays
    # root's; the server only gets group write there for its own socket,
    # which is 0700.
    if [ "$(id -u)" = 0 ]; then
        chgrp postgres "$dir/run" && chmod g+rwx "$dir/run" || return 1
        touch "$dir/log/postgres.log"
        chown postgres: "$dir/log/postgres.log"
    fi

    if [ ! -f "$dir/pg/PG_VERSION" ]; then
        cc_pg__init "$dir" "$bin" || return 1
    fi

    if cc_pg__as_owner "$bin/pg_ctl" status -D "$dir/pg" >/dev/null 2>&1; then
        return 0
    fi

    cc_pg__write_conf "$dir" || return 1
    [ "$(id -u)" = 0 ] && chown postgres: "$dir/pg/classcloud.conf"

    if ! cc_pg__as_owner "$bin/pg_ctl" start -D "$dir/pg" -w -t 60 \
            -l "$dir/log/postgres.log" >/dev/null; then
        echo "postgres: start failed; see $dir/log/postgres.log" >&2
        return 1
    fi

    cc_pg__create_database "$dir" "$bin"
}

cc_pg_stop() {
    local dir bin
    [ -n "$1" ] || { echo "usage: cc_pg_stop DIR" >&2; return 2; }
    dir=$(realpath -m "$1")
    bin=$(cc_pg__bindir) || return 1

    [ -f "$dir/pg/PG_VERSION" ] || return 0
    if ! cc_pg__as_owner "$bin/pg_ctl" status -D "$dir/pg" >/dev/null 2>&1; then
        return 0
    fi

    cc_pg__as_owner "$bin/pg_ctl" stop -D "$dir/pg" -m fast -w -t 60 >/dev/null
}

cc_pg_conninfo() {
    local dir
    [ -n "$1" ] || { echo "usage: cc_pg_conninfo DIR" >&2; return 2; }
    dir=$(realpath -m "$1")

    echo "host=$dir/run port=$(cc_pg__port "$dir")" \
         "dbname=classcloud user=classcloud"
}
