#!/usr/bin/python3
"""Test-only SAML 2.0 identity provider on Debian's pysaml2: answers the
SP's HTTP-Redirect AuthnRequest with a signed response and signed
assertion, as an HTML form for the browser to POST to the SP's ACS.

  saml_idp.py metadata PORT DIR   writes DIR/idp-metadata.xml
  saml_idp.py serve PORT DIR      serves, trusting DIR/sp-metadata.xml
  POST /_test/next?user=..&mail=..&affiliation=a,b   picks the next login
DIR holds idp.key and idp.crt (made by the test fixture with openssl).
"""
import base64
import html
import http.server
import os
import sys
import threading
import urllib.parse

from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.metadata import entity_descriptor
from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_PERSISTENT, NameID
from saml2.server import Server

lock = threading.Lock()
next_user = {"user": "samluser", "mail": "", "affiliation": []}


def idp_config(port, folder, with_sp):
    base = f"http://127.0.0.1:{port}"
    conf = {
        "entityid": f"{base}/idp",
        "key_file": os.path.join(folder, "idp.key"),
        "cert_file": os.path.join(folder, "idp.crt"),
        "xmlsec_binary": "/usr/bin/xmlsec1",
        "service": {
            "idp": {
                "name": "ClassCloud test IdP",
                "endpoints": {
                    "single_sign_on_service": [
                        (f"{base}/sso/redirect", BINDING_HTTP_REDIRECT)
                    ]
                },
                "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                "policy": {
                    "default": {
                        "lifetime": {"minutes": 5},
                        "attribute_restrictions": None,
                        "name_form": NAME_FORMAT_URI,
                    }
                },
                "sign_response": True,
                "sign_assertion": True,
            }
        },
    }
    if with_sp:
        conf["metadata"] = {"local": [os.path.join(folder, "sp-metadata.xml")]}
    config = IdPConfig()
    config.load(conf)
    return config


def login_form(action, saml_response):
    return (
        "<!doctype html><html><body>"
        f'<form method="post" action="{html.escape(action)}">'
        f'<input type="hidden" name="SAMLResponse" value="{html.escape(saml_response)}"/>'
        '<input type="submit" value="Continue"/></form></body></html>'
    )


def make_handler(server):
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, fmt, *args):
            sys.stderr.write("idp: " + (fmt % args) + "\n")

        def answer(self, status, body, ctype="text/html; charset=utf-8"):
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self):
            global next_user
            url = urllib.parse.urlsplit(self.path)
            if url.path != "/_test/next":
                return self.answer(404, "no such page", "text/plain")
            q = dict(urllib.parse.parse_qsl(url.query))
            with lock:
                next_user = {
                    "user": q.get("user", "samluser"),
                    "mail": q.get("mail", ""),
                    "affiliation": [a for a in q.get("affiliation", "").split(",") if a],
                }
            self.answer(200, "ok", "text/plain")

        def do_GET(self):
            url = urllib.parse.urlsplit(self.path)
            if url.path != "/sso/redirect":
                return self.answer(404, "no such page", "text/plain")
            q = dict(urllib.parse.parse_qsl(url.query))
            try:
                req = server.parse_authn_request(q["SAMLRequest"], BINDING_HTTP_REDIRECT)
                args = server.response_args(req.message, [BINDING_HTTP_POST])
                with lock:
                    user = dict(next_user)
                identity = {"uid": [user["user"]]}
                if user["mail"]:
                    identity["mail"] = [user["mail"]]
                if user["affiliation"]:
                    identity["eduPersonAffiliation"] = user["affiliation"]
                response = server.create_authn_response(
                    identity,
                    userid=user["user"],
                    name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=user["user"]),
                    authn={"class_ref": "urn:oasis:names:tc:SAML:2.0:ac:classes:Password"},
                    sign_response=True,
                    sign_assertion=True,
                    **args,
                )
                encoded = base64.b64encode(str(response).encode()).decode()
                self.answer(200, login_form(args["destination"], encoded))
            except Exception as err:  # a test peer: say what went wrong
                self.answer(400, f"idp error: {err!r}", "text/plain")

    return Handler


def main():
    mode, port, folder = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    if mode == "metadata":
        config = idp_config(port, folder, with_sp=False)
        with open(os.path.join(folder, "idp-metadata.xml"), "w") as out:
            out.write(str(entity_descriptor(config)))
        return
    server = Server(config=idp_config(port, folder, with_sp=True))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), make_handler(server))
    httpd.serve_forever()


if __name__ == "__main__":
    main()
