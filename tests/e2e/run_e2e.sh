#!/usr/bin/env bash
# Runs one browser script against a stack started by the test fixture:
#   run_e2e.sh STACK_DIR SCRIPT OUT_DIR
set -euo pipefail

stack=$1 script=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)

port=$(cat "$stack/run/port")
rm -rf "$out"
mkdir -p "$out"
BASE_URL="https://127.0.0.1:$port" DEMO_LOGINS="$stack/demo-logins.txt" \
    OUT_DIR="$out" exec node "$here/$script"
