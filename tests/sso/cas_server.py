#!/usr/bin/python3
"""Test-only CAS 3.0 server (Python stdlib): issues service tickets for the
user the test picked and validates them at /p3/serviceValidate, single
use and bound to the exact service URL, as the protocol asks.

  cas_server.py PORT
  POST /_test/next?user=..&mail=..&affiliation=a,b   picks the next login
  GET  /login?service=URL         302 to URL with ?ticket=ST-...
  GET  /p3/serviceValidate?service=URL&ticket=ST-...
"""
import http.server
import secrets
import sys
import threading
import urllib.parse
from xml.sax.saxutils import escape

NS = "http://www.yale.edu/tp/cas"
lock = threading.Lock()
tickets = {}  # ticket -> (service, user dict)
next_user = {"user": "casuser", "mail": "", "affiliation": []}


def success(user):
    attrs = []
    if user["mail"]:
        attrs.append(f"<cas:mail>{escape(user['mail'])}</cas:mail>")
    for a in user["affiliation"]:
        attrs.append(f"<cas:eduPersonAffiliation>{escape(a)}</cas:eduPersonAffiliation>")
    return (
        f'<cas:serviceResponse xmlns:cas="{NS}">\n'
        "  <cas:authenticationSuccess>\n"
        f"    <cas:user>{escape(user['user'])}</cas:user>\n"
        f"    <cas:attributes>{''.join(attrs)}</cas:attributes>\n"
        "  </cas:authenticationSuccess>\n"
        "</cas:serviceResponse>\n"
    )


def failure(code, text):
    return (
        f'<cas:serviceResponse xmlns:cas="{NS}">\n'
        f'  <cas:authenticationFailure code="{code}">{escape(text)}'
        "</cas:authenticationFailure>\n"
        "</cas:serviceResponse>\n"
    )


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, fmt, *args):
        sys.stderr.write("cas: " + (fmt % args) + "\n")

    def answer(self, status, body, ctype="text/xml; charset=utf-8", headers=()):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        global next_user
        url = urllib.parse.urlsplit(self.path)
        q = dict(urllib.parse.parse_qsl(url.query))
        if url.path != "/_test/next":
            return self.answer(404, "no such page", "text/plain")
        with lock:
            next_user = {
                "user": q.get("user", "casuser"),
                "mail": q.get("mail", ""),
                "affiliation": [a for a in q.get("affiliation", "").split(",") if a],
            }
        self.answer(200, "ok", "text/plain")

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        q = dict(urllib.parse.parse_qsl(url.query))
        service = q.get("service", "")
        if url.path == "/login":
            if not service:
                return self.answer(400, "service missing", "text/plain")
            ticket = "ST-" + secrets.token_urlsafe(24)
            with lock:
                tickets[ticket] = (service, dict(next_user))
            joiner = "&" if "?" in service else "?"
            location = service + joiner + "ticket=" + urllib.parse.quote(ticket)
            return self.answer(302, "", "text/plain", [("Location", location)])
        if url.path == "/p3/serviceValidate":
            with lock:
                issued = tickets.pop(q.get("ticket", ""), None)
            if issued is None:
                return self.answer(200, failure("INVALID_TICKET", "unknown ticket"))
            if issued[0] != service:
                return self.answer(200, failure("INVALID_SERVICE", "service mismatch"))
            return self.answer(200, success(issued[1]))
        self.answer(404, "no such page", "text/plain")


def main():
    port = int(sys.argv[1])
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.serve_forever()


if __name__ == "__main__":
    main()
