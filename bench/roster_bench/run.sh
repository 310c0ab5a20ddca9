#!/usr/bin/env bash
# Runs roster_bench against a throwaway PostgreSQL under the build folder.
#   bench/roster_bench/run.sh [BUILD]     (default ./build)
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
build=$(realpath "${1:-$top/build}")
dir=$build/bench-servers

bash "$top/tests/support/db_servers.sh" start "$dir" >/dev/null
trap 'bash "$top/tests/support/db_servers.sh" stop "$dir" >/dev/null' EXIT

"$build/bench/roster_bench/roster_bench" "$(cat "$dir/conninfo")" "$top/sql"
