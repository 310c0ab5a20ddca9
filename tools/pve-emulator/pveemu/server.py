"""The HTTPS front: routing, auth, envelopes, faults and websockets."""

import email.utils
import gzip
import http.server
import json
import ssl
import time
import urllib.parse

from . import schema as sc
from .api import ROUTES, ApiError, Request
from .auth import AuthError
from .console import ConsoleError, accept_key, relay
from .faults import FaultError

PREFIX = "/api2/json"
MAX_BODY = 1024 * 1024
GZIP_OVER = 1024
ADMIN = "/_emulator/faults"
NO_AUTH = {("POST", "/access/ticket"), ("GET", "/access/domains"),
           ("POST", "/access/vncticket")}


class TlsServer(http.server.ThreadingHTTPServer):
    """Does the TLS handshake in the connection's own thread."""

    daemon_threads = True
    request_queue_size = 128

    def __init__(self, address, handler, context, emu):
        self.context = context
        self.emu = emu
        super().__init__(address, handler)

    def finish_request(self, request, client_address):
        request.settimeout(30)
        try:
            conn = self.context.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError):
            return
        self.RequestHandlerClass(conn, client_address, self)


class Handler(http.server.BaseHTTPRequestHandler):
    """One request: parse, authenticate, validate, dispatch, answer."""

    protocol_version = "HTTP/1.1"
    server_version = "pve-api-daemon/3.0"
    sys_version = ""

    def log_message(self, *args):
        pass

    def version_string(self):
        return self.server_version

    def send_error(self, code, message=None, explain=None):
        """Malformed HTTP: a bare status line, as pveproxy gives."""
        self.started = getattr(self, "started", time.monotonic())
        self.user = None
        self.send_response(code, (message or "Bad Request").split("\n")[0])
        self.send_common(400)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        self.serve("GET")

    def do_POST(self):
        self.serve("POST")

    def do_PUT(self):
        self.serve("PUT")

    def do_DELETE(self):
        self.serve("DELETE")

    def do_HEAD(self):
        self.started = time.monotonic()
        self.user = None
        self.reply_error(ApiError(501, "method 'HEAD' not available",
                                  body=False), "HEAD", self.path)

    def serve(self, method):
        self.started = time.monotonic()
        self.user = None
        emu = self.server.emu
        url = urllib.parse.urlsplit(self.path)

        try:
            if url.path == ADMIN:
                self.serve_admin(method)
                return
            self.serve_api(method, url, emu)
        except ApiError as err:
            self.reply_error(err, method, url.path)
        except Exception as err:  # never let a request kill the server
            emu.logger.log("error", "handler_crashed", method=method,
                           path=url.path, err=repr(err))
            self.reply_error(ApiError(500, str(err).split("\n")[0] or
                                      "internal error"), method, url.path)

    def read_body(self):
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            raise ApiError(400, "invalid Content-Length", body=False) \
                from None
        if length > MAX_BODY:
            raise ApiError(413, "Request Entity Too Large", body=False)
        return self.rfile.read(length) if length > 0 else b""

    def serve_api(self, method, url, emu):
        body = self.read_body()
        if not url.path.startswith(PREFIX + "/"):
            raise ApiError(501, "no such uri", body=False)
        if body and method in ("GET", "DELETE"):
            raise ApiError(501, "Unexpected content for method '%s'" %
                           method, body=False)

        path = url.path[len(PREFIX):].rstrip("/") or "/"
        self.apply_faults(emu, method, path)

        endpoint, path_params = emu.schema.find(method, path)
        if endpoint is None or (method, endpoint.path) not in ROUTES:
            raise ApiError(501, "Method '%s %s' not implemented" %
                           (method, path))

        req = self.authenticate(emu, method, endpoint)
        params = self.collect_params(url, body, path_params)
        values, errors = sc.validate(endpoint, params)
        if errors:
            raise ApiError(400, "Parameter verification failed.", errors)

        if endpoint.proxyto == "node" and "node" in values:
            if emu.faults.node_offline(values["node"]):
                raise ApiError(595, "No route to host", body=False)

        if self.is_upgrade() and endpoint.path.endswith("/vncwebsocket"):
            self.serve_websocket(emu, req, values)
            return

        handler = ROUTES[(method, endpoint.path)]
        result = handler(emu.api, req, values)
        extra = {}
        if isinstance(result, tuple):
            result, extra = result
        self.reply(200, "OK", dict({"data": result}, **extra))

    def apply_faults(self, emu, method, path):
        delay = emu.faults.latency_ms(method, path)
        if delay:
            time.sleep(delay / 1000.0)

        injected = emu.faults.error_for(method, path)
        if injected:
            raise ApiError(injected[0], injected[1])

    def authenticate(self, emu, method, endpoint):
        """Returns the Request or raises a 401/403 ApiError."""
        if (method, endpoint.path) in NO_AUTH:
            return Request(None, False)

        try:
            req = self.check_credentials(emu, method)
        except AuthError as err:
            time.sleep(3 * emu.time_factor)
            raise ApiError(401, str(err), body=False) from None

        self.user = req.user
        if req.via_token and not endpoint.allowtoken:
            raise ApiError(403, "Permission check failed (URI '%s' not "
                           "available with API token, need proper ticket."
                           % endpoint.path)
        return req

    def check_credentials(self, emu, method):
        cookie = self.auth_cookie()
        if cookie:
            user = emu.auth.check_ticket(cookie)
            if method != "GET":
                emu.auth.check_csrf(user,
                                    self.headers.get("CSRFPreventionToken"))
            return Request(user, False)

        header = self.headers.get("Authorization", "")
        if header.startswith("PVEAPIToken"):
            value = header[len("PVEAPIToken"):].lstrip("=").lstrip()
            return Request(emu.auth.check_token(value), True)

        raise AuthError("No ticket")

    def auth_cookie(self):
        jar = cookies_from(self.headers.get("Cookie", ""))
        value = jar.get("PVEAuthCookie")
        header = self.headers.get("Authorization", "")
        if not value and header.startswith("PVEAuthCookie="):
            value = header.split("=", 1)[1]
        return urllib.parse.unquote(value) if value else None

    def collect_params(self, url, body, path_params):
        params = decode_form(url.query)
        params.pop("_dc", None)

        ctype = self.headers.get("Content-Type", "")
        if body and "application/json" in ctype:
            try:
                decoded = json.loads(body)
            except ValueError:
                raise ApiError(400, "unable to parse JSON body") from None
            if isinstance(decoded, dict):
                params.update(decoded)
        elif body:
            params.update(decode_form(body.decode("utf-8", "replace")))
        params.pop("_dc", None)

        for name, value in path_params.items():
            value = urllib.parse.unquote(value)
            if name in params and str(params[name]) != value:
                raise ApiError(400, "duplicate parameter (already defined "
                                    "in URI) with conflicting values!")
            params[name] = value
        return params

    # --- answers ---------------------------------------------------------

    def reply(self, status, reason, doc):
        data = json.dumps(doc, separators=(",", ":")).encode()
        self.send_response(status, reason)
        self.send_common(status)
        self.send_header("Content-Type", "application/json;charset=UTF-8")

        # pveproxy compresses bodies over 1 KiB for clients that ask.
        accepted = self.headers.get("Accept-Encoding", "")
        if len(data) > GZIP_OVER and "gzip" in accepted:
            data = gzip.compress(data)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        self.log_request_line(status)

    def send_common(self, status):
        now = email.utils.formatdate(usegmt=True)
        self.send_header("Cache-Control", "max-age=0")
        self.send_header("Expires", now)
        self.send_header("Pragma", "no-cache")
        if status >= 400:
            self.send_header("Connection", "close")
            self.close_connection = True

    def reply_error(self, err, method, path):
        """Error envelope per API style; the reason is the first line."""
        reason = err.message.split("\n")[0].rstrip()
        if "\r" in err.message or not reason:
            reason = "Bad Request"

        if not err.body:
            self.send_response(err.status, reason)
            self.send_common(err.status)
            self.send_header("Content-Length", "0")
            self.end_headers()
            self.log_request_line(err.status)
            return

        doc = {"data": None}
        if err.errors:
            doc["errors"] = err.errors
        if self.server.emu.style != "7.4":
            doc["message"] = err.message.rstrip("\n") + "\n"
        self.reply(err.status, reason, doc)

    def log_request_line(self, status):
        emu = self.server.emu
        path = urllib.parse.urlsplit(self.path).path
        emu.logger.log("info" if status < 500 else "error", "request",
                       method=self.command, path=path, status=status,
                       dur_ms=round((time.monotonic() - self.started) * 1000,
                                    1),
                       user=self.user, peer=self.client_address[0])

    # --- websocket -------------------------------------------------------

    def is_upgrade(self):
        return self.headers.get("Upgrade", "").lower() == "websocket"

    def serve_websocket(self, emu, req, values):
        """RFC 6455 upgrade, then a relay to the VM's QEMU VNC socket."""
        if self.headers.get("Sec-WebSocket-Version") != "13":
            raise ApiError(400, "unsupported websocket-version")
        key = self.headers.get("Sec-WebSocket-Key")
        if not key:
            raise ApiError(400, "missing websocket-key")

        emu.api.vm(values["node"], values["vmid"])
        try:
            console = emu.consoles.verify(req.user, values["vmid"],
                                          values["port"],
                                          values["vncticket"])
        except ConsoleError as err:
            raise ApiError(500, str(err)) from None

        vmid = str(values["vmid"])
        if not emu.qemu.has_screen(vmid):
            raise ApiError(500, "VM %s has no screen in the emulator "
                                "(beyond --max-qemu or no guest image)"
                           % vmid)
        emu.qemu.set_vnc_password(vmid, console.secret)

        self.send_response(101, "Switching Protocols")
        self.send_header("Upgrade", "websocket")
        self.send_header("Connection", "Upgrade")
        self.send_header("Sec-WebSocket-Accept", accept_key(key))
        offered = [p.strip() for p in self.headers.get(
            "Sec-WebSocket-Protocol", "").split(",") if p.strip()]
        if offered:
            chosen = "binary" if "binary" in offered else offered[0]
            self.send_header("Sec-WebSocket-Protocol", chosen)
        self.end_headers()
        self.wfile.flush()
        self.log_request_line(101)

        console.connected.set()
        try:
            relay(self.connection, emu.qemu.sock(vmid, "vnc"))
        finally:
            console.closed.set()
            self.close_connection = True

    # --- admin -----------------------------------------------------------

    def serve_admin(self, method):
        """GET shows, POST merges, DELETE clears the fault switches."""
        emu = self.server.emu
        body = self.read_body()
        if self.client_address[0] != "127.0.0.1":
            raise ApiError(403, "fault switches are loopback only")
        try:
            req = self.check_credentials(emu, "GET")
        except AuthError as err:
            raise ApiError(401, str(err), body=False) from None
        self.user = req.user

        if method == "POST":
            self.update_faults(emu, body)
        elif method == "DELETE":
            emu.faults.clear()
        elif method != "GET":
            raise ApiError(501, "Method '%s %s' not implemented" %
                           (method, ADMIN))

        emu.logger.log("info", "faults", method=method)
        self.reply(200, "OK", {"data": emu.faults.snapshot()})

    def update_faults(self, emu, body):
        try:
            doc = json.loads(body or b"{}")
        except ValueError:
            raise ApiError(400, "faults: body is not JSON") from None
        if not isinstance(doc, dict):
            raise ApiError(400, "faults: body must be a JSON object")

        if doc.pop("invalidate_tickets", False):
            emu.auth.invalidate_all()
        try:
            emu.faults.update(doc)
        except FaultError as err:
            raise ApiError(400, "faults: %s" % err) from None


def decode_form(text):
    """Form decoding with repeated keys turned into lists, as PVE does."""
    params = {}
    for key, value in urllib.parse.parse_qsl(text, keep_blank_values=True):
        if key in params:
            if not isinstance(params[key], list):
                params[key] = [params[key]]
            params[key].append(value)
        else:
            params[key] = value
    return params


def cookies_from(header):
    jar = {}
    for part in header.split(";"):
        name, _, value = part.strip().partition("=")
        if name:
            jar[name] = value
    return jar

