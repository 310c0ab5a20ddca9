"""Issues VNC console tickets and relays RFC 6455 websockets to QEMU VNC."""

import base64
import hashlib
import hmac
import secrets
import select
import socket
import string
import struct
import threading
import time

WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
PORT_FIRST = 5900
PORT_LAST = 5999
TICKET_BEFORE = 20
TICKET_AFTER = 40
ACCEPT_WINDOW = 10
MAX_FRAME = 128 * 1024


class ConsoleError(Exception):
    """A console ticket or relay problem; the text is the API error."""


class Console:
    """One issued vncproxy console: ticket, password, port and task."""

    def __init__(self, user, vmid, port, ticket, secret):
        self.user = user
        self.vmid = str(vmid)
        self.port = port
        self.ticket = ticket
        self.secret = secret
        self.issued = time.time()
        self.connected = threading.Event()
        self.closed = threading.Event()


def make_password():
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(8))


class Consoles:
    """Registry of consoles, keyed by the PVEVNC part of the ticket."""

    def __init__(self, key_source, style):
        self.key_source = key_source
        self.style = style
        self.lock = threading.Lock()
        self.active = {}

    def free_port(self):
        used = {c.port for c in self.active.values()
                if not c.closed.is_set()}
        for port in range(PORT_FIRST, PORT_LAST + 1):
            if port not in used:
                return port
        raise ConsoleError("unable to find free port (%d-%d)"
                           % (PORT_FIRST, PORT_LAST))

    def issue(self, user, vmid, generate_password):
        """Creates a console; returns it (its task is started by caller)."""
        with self.lock:
            self.expire()
            port = self.free_port()
            stamp = "%08X" % int(time.time())
            data = "PVEVNC:%s::%s:/vms/%s:%d" % (stamp, user, vmid, port)
            sig = hmac.new(self.key_source(), data.encode(),
                           hashlib.sha256).digest()
            ticket = "PVEVNC:%s::%s" % (stamp, base64.b64encode(sig).decode())

            password = None
            if self.style == "9.1" or generate_password:
                password = make_password()

            console = Console(user, vmid, port, ticket, password or ticket)
            self.active[ticket] = console

        if self.style == "9.1":
            ticket = "%s:%s" % (password, ticket)

        return console, ticket, password

    def expire(self):
        """Drops closed consoles and those never used in their window."""
        now = time.time()
        for ticket, console in list(self.active.items()):
            stale = now - console.issued > TICKET_AFTER
            if console.closed.is_set() or (stale and
                                           not console.connected.is_set()):
                del self.active[ticket]

    def verify(self, user, vmid, port, ticket):
        """Returns the console a ticket belongs to, or raises."""
        invalid = "permission denied - invalid PVEVNC ticket"
        # A client that forgot to URL-encode the ticket sends "+" as " ".
        ticket = ticket.replace(" ", "+")
        if ":PVEVNC:" in ticket:
            ticket = ticket.split(":", 1)[1]

        with self.lock:
            console = self.active.get(ticket)

        if console is None or console.user != user:
            raise ConsoleError(invalid)
        if console.vmid != str(vmid) or console.port != int(port):
            raise ConsoleError(invalid)

        age = time.time() - console.issued
        if age > TICKET_AFTER or age < -TICKET_BEFORE:
            raise ConsoleError(invalid)

        return console


def accept_key(key):
    digest = hashlib.sha1((key + WS_GUID).encode()).digest()
    return base64.b64encode(digest).decode()


def ws_frame(payload, opcode=2):
    """An unmasked server frame."""
    head = bytes([0x80 | opcode])
    size = len(payload)
    if size < 126:
        head += bytes([size])
    elif size < 65536:
        head += bytes([126]) + struct.pack(">H", size)
    else:
        head += bytes([127]) + struct.pack(">Q", size)
    return head + payload


def parse_frame(buf):
    """Returns (opcode, payload, rest) or None if buf is incomplete.

    Raises ConsoleError on frames PVE would refuse (unmasked, fragmented,
    reserved bits)."""
    if len(buf) < 2:
        return None

    first, second = buf[0], buf[1]
    if first & 0x70 or not first & 0x80:
        raise ConsoleError("fragmented or reserved websocket frame")
    if not second & 0x80:
        raise ConsoleError("unmasked websocket frame")

    size = second & 0x7F
    pos = 2
    if size == 126:
        if len(buf) < 4:
            return None
        size = struct.unpack(">H", buf[2:4])[0]
        pos = 4
    elif size == 127:
        if len(buf) < 10:
            return None
        size = struct.unpack(">Q", buf[2:10])[0]
        pos = 10

    if len(buf) < pos + 4 + size:
        return None

    mask = buf[pos:pos + 4]
    data = bytearray(buf[pos + 4:pos + 4 + size])
    for i in range(size):
        data[i] ^= mask[i % 4]

    return first & 0x0F, bytes(data), buf[pos + 4 + size:]


def relay(client, vnc_path):
    """Pumps bytes between the TLS websocket and QEMU's VNC socket.

    Returns when either side closes; never raises for I/O errors."""
    vnc = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        vnc.connect(vnc_path)
        pump(client, vnc)
    except (OSError, ConsoleError):
        pass
    finally:
        vnc.close()


def pump(client, vnc):
    buf = b""
    client.settimeout(None)

    while True:
        ready = [client] if client.pending() else select.select(
            [client, vnc], [], [], 30)[0]

        if vnc in ready:
            data = vnc.recv(MAX_FRAME)
            if not data:
                client.sendall(ws_frame(b"", opcode=8))
                return
            client.sendall(ws_frame(data))

        if client in ready:
            data = client.recv(65536)
            if not data:
                return
            buf += data
            if not handle_frames(client, vnc, buf_ref := [buf]):
                return
            buf = buf_ref[0]


def handle_frames(client, vnc, buf_ref):
    """Acts on every complete frame; False when the session must end."""
    while True:
        parsed = parse_frame(buf_ref[0])
        if parsed is None:
            return True

        opcode, payload, buf_ref[0] = parsed
        if opcode in (1, 2):
            vnc.sendall(payload)
        elif opcode == 8:
            client.sendall(ws_frame(payload[:2], opcode=8))
            return False
        elif opcode == 9:
            client.sendall(ws_frame(payload, opcode=10))
        elif opcode != 10:
            return False
