#!/usr/bin/env bash
# CTest fixture for the single sign-on tests: starts the three test
# identity providers (pysaml2 SAML IdP, a CAS 3.0 server, oidc-provider
# as a Microsoft-like issuer) on free loopback ports, then a whole
# ClassCloud stack whose config points at them (CC_EXTRA_CONFIG).
#   sso_stack.sh start DIR     DIR/peers.env tells the tests the ports
#   sso_stack.sh stop DIR
# Binaries come from $CC_BUILD, like scripts/stack.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cmd=$1 dir=$2
py=/usr/bin/python3

free_port() {
    $py -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

make_pair() {
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=$2" \
        -keyout "$1/$2.key" -out "$1/$2.crt" 2>/dev/null
}

start_peer() {
    local name=$1
    shift
    "$@" >>"$dir/peers/$name.log" 2>&1 &
    echo $! >"$dir/peers/$name.pid"
}

wait_http() {
    for _ in $(seq 100); do
        curl -s -o /dev/null "$1" && return 0
        sleep 0.1
    done
    echo "sso_stack: $1 did not come up" >&2
    exit 1
}

write_config() {
    local p=$dir/peers
    cat >"$p/sso.conf" <<CONF
sso.saml.providers = campus
sso.saml.sp_key_path = $p/sp.key
sso.saml.sp_cert_path = $p/sp.crt
sso.saml.campus.label = Campus login
sso.saml.campus.idp_metadata_path = $p/idp-metadata.xml
sso.saml.campus.trusted_attribute = mail
sso.saml.campus.role_attribute = eduPersonAffiliation
sso.saml.campus.role_map = faculty:faculty, staff:faculty, student:student
sso.cas.providers = main
sso.cas.main.label = CAS
sso.cas.main.server_url = http://127.0.0.1:$cas_port
sso.cas.main.trusted_attribute = mail
sso.cas.main.role_attribute = eduPersonAffiliation
sso.cas.main.role_map = faculty:faculty, student:student
sso.oidc.providers = microsoft
sso.oidc.microsoft.label = Microsoft
sso.oidc.microsoft.microsoft = true
sso.oidc.microsoft.issuer = http://127.0.0.1:$oidc_port/{tenantid}/v2.0
sso.oidc.microsoft.discovery_url = http://127.0.0.1:$oidc_port/organizations/v2.0/.well-known/openid-configuration
sso.oidc.microsoft.allowed_tenants = $tenant_ok
sso.oidc.microsoft.client_id = classcloud
sso.oidc.microsoft.client_secret = test-client-secret
sso.oidc.microsoft.auto_create = true
sso.oidc.microsoft.email_attribute = upn
sso.oidc.microsoft.name_attribute = name
sso.oidc.microsoft.role_attribute = roles
sso.oidc.microsoft.role_map = Faculty:faculty, Student:student
CONF
}

start() {
    "$0" stop "$dir" 2>/dev/null || true
    rm -rf "$dir"
    mkdir -p "$dir/peers"
    dir=$(cd "$dir" && pwd)

    stack_port=$(free_port)
    saml_port=$(free_port)
    cas_port=$(free_port)
    oidc_port=$(free_port)
    tenant_ok=9f0c1b6e-0000-4000-8000-00000000000a
    tenant_other=9f0c1b6e-0000-4000-8000-00000000000b

    make_pair "$dir/peers" idp
    make_pair "$dir/peers" sp
    $py "$here/saml_idp.py" metadata "$saml_port" "$dir/peers"
    write_config

    start_peer cas $py "$here/cas_server.py" "$cas_port"
    start_peer oidc node "$here/oidc_issuer.mjs" "$oidc_port" \
        "https://127.0.0.1:$stack_port" "$tenant_ok" "$tenant_other"
    wait_http "http://127.0.0.1:$cas_port/"
    wait_http "http://127.0.0.1:$oidc_port/organizations/v2.0/jwks"

    CC_EXTRA_CONFIG=$dir/peers/sso.conf \
        "$top/scripts/stack" up "$dir/stack" --port "$stack_port"

    # Accounts a roster made, which the first SSO login links to.
    local email
    for email in prof.saml@example.edu prof.cas@example.edu; do
        CC_CONFIG=$dir/stack/etc/classcloud.conf \
            "${CC_BUILD:-$top/build}/tools/ccctl/ccctl" create-user \
            --email "$email" --role student </dev/null >/dev/null
    done

    # The IdP trusts the SP metadata our stack serves.
    curl -skf "https://127.0.0.1:$stack_port/api/auth/saml/metadata" \
        -o "$dir/peers/sp-metadata.xml"
    start_peer saml $py "$here/saml_idp.py" serve "$saml_port" "$dir/peers"
    wait_http "http://127.0.0.1:$saml_port/"

    cat >"$dir/peers.env" <<ENV
stack_port=$stack_port
saml_port=$saml_port
cas_port=$cas_port
oidc_port=$oidc_port
tenant_ok=$tenant_ok
tenant_other=$tenant_other
ENV
}

stop() {
    [ -d "$dir" ] || return 0
    local f pid
    for f in "$dir"/peers/*.pid; do
        [ -e "$f" ] || continue
        pid=$(cat "$f")
        kill "$pid" 2>/dev/null || true
        rm -f "$f"
    done
    "$top/scripts/stack" down "$dir/stack" || true
}

case $cmd in
    start) start ;;
    stop) stop; rm -rf "$dir" ;;
    *) echo "usage: sso_stack.sh start|stop DIR" >&2; exit 2 ;;
esac
