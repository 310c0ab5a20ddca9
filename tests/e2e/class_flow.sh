#!/usr/bin/env bash
# Runs class_flow.mjs against the CTest `stack` fixture with the mail path
# `make run` has: maildev (tools/maildev) on free loopback ports and the
# stack's cc-mailer sending the outbox to it, both only for this test.
#   class_flow.sh STACK_DIR OUT_DIR CC_MAILER_BINARY
#
# The fixture runs no cc-mailer of its own: the roster tests check mail
# that stays queued and send their course's mail to their own SMTP sink.
# For the same reason the mail already queued when this test starts is put
# off by a day, so only this test's class is sent here.
set -euo pipefail

stack=$1 out=$2 mailer=$3
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
maildev=$top/tools/maildev/node_modules/.bin/maildev
conf=$stack/etc/classcloud.conf

die() { echo "class_flow.sh: $*" >&2; exit 1; }
[ -x "$maildev" ] || die "no $maildev (run scripts/bootstrap)"
[ -x "$mailer" ] || die "no cc-mailer at $mailer"
[ -f "$conf" ] || die "no stack in $stack (the stack fixture starts it)"

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

pids=()
cleanup() {
    local pid
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
}
trap cleanup EXIT

smtp_port=$(free_port)
web_port=$(free_port)
"$maildev" --ip 127.0.0.1 --web-ip 127.0.0.1 --smtp "$smtp_port" \
    --web "$web_port" >>"$stack/log/e2e-maildev.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
    curl -sf -o /dev/null "http://127.0.0.1:$web_port/api/healthz" && break
    sleep 0.2
done
curl -sf -o /dev/null "http://127.0.0.1:$web_port/api/healthz" ||
    die "maildev did not come up; see $stack/log/e2e-maildev.log"

conninfo=$(sed -n 's/^db\.conninfo = //p' "$conf")
# An import makes a VM per student and template: the walkthrough's 30 VMs
# need LAB101 to have its one template, not ones an earlier test left.
templates=$(psql -At "$conninfo" -c "SELECT string_agg(t.name, ', ')
    FROM course_templates t JOIN courses c ON c.id = t.course_id
    WHERE c.code = 'LAB101'") || die "cannot read LAB101's templates"
[ "$templates" = debian ] ||
    die "LAB101 must have the one template \"debian\" of the stack, not" \
        "\"${templates:0:200}\": an earlier test left templates behind"
psql -q -v ON_ERROR_STOP=1 "$conninfo" -c \
    "UPDATE mail_outbox SET run_after = now() + interval '1 day'
     WHERE status = 'queued'" >/dev/null ||
    die "cannot put off the queued mail of earlier tests"

CC_CONFIG=$conf CC_SMTP_URL=smtp://127.0.0.1:$smtp_port \
    CC_SMTP_STARTTLS=none "$mailer" >>"$stack/log/e2e-cc-mailer.log" 2>&1 &
pids+=($!)

MAIL_WEB_URL=http://127.0.0.1:$web_port \
    bash "$here/run_e2e.sh" "$stack" class_flow.mjs "$out"
