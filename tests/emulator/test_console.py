"""A VNC console through vncproxy + vncwebsocket shows the real guest."""

import base64
import os
import socket
import struct
import subprocess
import tempfile
import time
import unittest
import urllib.parse

import harness

try:
    from cryptography.hazmat.primitives.ciphers import (Cipher, algorithms,
                                                        modes)
except ImportError:  # the bootstrap installs python3-cryptography
    Cipher = None

BUILD = os.path.join(harness.REPO, "scripts", "build-guest-image")


def guest_image():
    """Builds (once) and returns the guest folder, or None with a reason."""
    folder = os.environ.get("CC_GUEST_IMAGE") or os.path.join(
        tempfile.gettempdir(), "classcloud-guest-image")
    if os.path.exists(os.path.join(folder, "READY")):
        return folder, None

    result = subprocess.run([BUILD, folder], capture_output=True, text=True,
                            timeout=300)
    if result.returncode != 0:
        return None, "guest image could not be built: " + result.stderr[-400:]
    return folder, None


def vnc_response(password, challenge):
    """RFB VNC authentication: DES with bit-reversed password bytes."""
    key = password.encode()[:8].ljust(8, b"\0")
    key = bytes(int("{:08b}".format(b)[::-1], 2) for b in key)
    cipher = Cipher(algorithms.TripleDES(key), modes.ECB())
    enc = cipher.encryptor()
    return enc.update(challenge) + enc.finalize()


class WebSocket:
    """A minimal masked-frame websocket client over the emulator's TLS."""

    def __init__(self, emu, path, headers):
        raw = socket.create_connection((emu.host, emu.port), timeout=20)
        self.sock = emu.context().wrap_socket(raw)
        key = base64.b64encode(os.urandom(16)).decode()
        lines = ["GET %s HTTP/1.1" % path, "Host: 127.0.0.1",
                 "Upgrade: websocket", "Connection: Upgrade",
                 "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: " + key,
                 "Sec-WebSocket-Protocol: binary"]
        lines += ["%s: %s" % item for item in headers.items()]
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())

        self.buf = b""
        while b"\r\n\r\n" not in self.buf:
            chunk = self.sock.recv(4096)
            if not chunk:
                break
            self.buf += chunk
        head, _, self.buf = self.buf.partition(b"\r\n\r\n")
        self.head = head.decode()
        self.data = b""

    def send(self, payload):
        mask = os.urandom(4)
        size = len(payload)
        head = bytes([0x82])
        if size < 126:
            head += bytes([0x80 | size])
        else:
            head += bytes([0x80 | 126]) + struct.pack(">H", size)
        body = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(head + mask + body)

    def fill(self):
        while len(self.buf) < 2 or len(self.buf) < self.frame_end():
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("websocket closed")
            self.buf += chunk
        end = self.frame_end()
        opcode = self.buf[0] & 0x0F
        start = end - self.payload_size()
        if opcode == 2:
            self.data += self.buf[start:end]
        self.buf = self.buf[end:]

    def payload_size(self):
        size = self.buf[1] & 0x7F
        if size == 126:
            return struct.unpack(">H", self.buf[2:4])[0]
        if size == 127:
            return struct.unpack(">Q", self.buf[2:10])[0]
        return size

    def frame_end(self):
        if len(self.buf) < 10:
            return 10 ** 9 if len(self.buf) < 4 else self.header_len() + \
                self.payload_size()
        return self.header_len() + self.payload_size()

    def header_len(self):
        size = self.buf[1] & 0x7F
        return 2 + (2 if size == 126 else 8 if size == 127 else 0)

    def read(self, count):
        while len(self.data) < count:
            self.fill()
        out, self.data = self.data[:count], self.data[count:]
        return out


@unittest.skipIf(Cipher is None, "python3-cryptography is not installed")
class ConsoleTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.guest, reason = guest_image()
        if cls.guest is None:
            raise unittest.SkipTest(reason)
        cls.emu = harness.Emulator(guest=cls.guest)
        cls.emu.login()

    @classmethod
    def tearDownClass(cls):
        pids = []
        for vm in cls.emu.call("GET", "/nodes/pve1/qemu").data:
            if vm["status"] == "running":
                pids.append(vm["pid"])
        cls.emu.stop()

        # SIGTERM to the emulator must take its QEMU children along.
        alive = [pid for pid in pids if os.path.exists("/proc/%d" % pid)]
        if alive:
            raise AssertionError("QEMU processes survived: %s" % alive)

    def start_vm(self, newid):
        self.emu.wait_task(self.emu.clone(newid))
        vm = "/nodes/pve1/qemu/%d" % newid
        upid = self.emu.call("POST", vm + "/status/start", auth="ticket").data
        self.assertEqual(self.emu.wait_task(upid)["exitstatus"], "OK")
        return vm

    def open_console(self, vm, ticket=None):
        proxy = self.emu.call("POST", vm + "/vncproxy", {"websocket": 1},
                              auth="ticket")
        self.assertEqual(proxy.status, 200, proxy.reason)
        data = proxy.data
        query = urllib.parse.urlencode({
            "port": data["port"], "vncticket": ticket or data["ticket"]})
        ws = WebSocket(self.emu, "/api2/json%s/vncwebsocket?%s" % (vm, query),
                       self.emu.ticket_headers(csrf=False))
        return ws, data.get("password") or data["ticket"]

    def rfb_handshake(self, ws, password):
        version = ws.read(12)
        self.assertTrue(version.startswith(b"RFB 003."), version)
        ws.send(b"RFB 003.008\n")

        count = ws.read(1)[0]
        types = ws.read(count)
        self.assertIn(2, types, "VNC authentication must be offered")
        ws.send(bytes([2]))
        ws.send(vnc_response(password, ws.read(16)))
        return struct.unpack(">I", ws.read(4))[0]

    def read_screen(self, ws, width, height, bpp):
        ws.send(struct.pack(">BBHHHH", 3, 0, 0, 0, width, height))
        kind, _, rects = struct.unpack(">BBH", ws.read(4))
        self.assertEqual(kind, 0, "expected a FramebufferUpdate")
        lit = 0
        for _ in range(rects):
            _, _, w, h, enc = struct.unpack(">HHHHi", ws.read(12))
            self.assertEqual(enc, 0, "raw encoding expected")
            pixels = ws.read(w * h * bpp // 8)
            lit += sum(1 for b in pixels if b)
        return lit

    def test_websocket_vnc_shows_guest_prompt(self):
        vm = self.start_vm(150)
        ws, password = self.open_console(vm)
        self.assertIn(" 101 ", ws.head.split("\r\n")[0])
        self.assertIn("Sec-WebSocket-Protocol: binary", ws.head)

        self.assertEqual(self.rfb_handshake(ws, password), 0,
                         "VNC authentication failed")
        ws.send(bytes([1]))
        width, height = struct.unpack(">HH", ws.read(4))
        pixel = ws.read(16)
        ws.read(struct.unpack(">I", ws.read(4))[0])
        self.assertGreater(width * height, 0)

        # The guest needs a few seconds under TCG to draw its prompt.
        before = self.wait_for_steady_screen(ws, width, height, pixel[0])
        self.assertGreaterEqual(before, 500, "screen stayed black")

        self.type_text(ws, "echo typed-into-the-lab-console\r")
        deadline = time.time() + 20
        after = before
        while time.time() < deadline and after < before + 1000:
            time.sleep(0.3)
            after = self.read_screen(ws, width, height, pixel[0])
        self.assertGreaterEqual(after, before + 1000,
                                "typing did not change the screen")

    def wait_for_steady_screen(self, ws, width, height, bpp):
        """Lit bytes once two reads a second apart nearly agree."""
        deadline = time.time() + 60
        last = -10 ** 6
        while time.time() < deadline:
            lit = self.read_screen(ws, width, height, bpp)
            if lit >= 500 and abs(lit - last) < 300:
                return lit
            last = lit
            time.sleep(1)
        return last

    def type_text(self, ws, text):
        for char in text:
            keysym = 0xFF0D if char == "\r" else ord(char)
            for down in (1, 0):
                ws.send(struct.pack(">BBHI", 4, down, 0, keysym))

    def test_wrong_ticket_is_refused_before_upgrade(self):
        vm = self.start_vm(151)
        ws, _ = self.open_console(vm, ticket="PVEVNC:00000000::bogus")
        self.assertIn(" 500 ", ws.head.split("\r\n")[0])

    def test_killed_qemu_makes_vm_stopped(self):
        vm = self.start_vm(152)
        pid = self.emu.call("GET", vm + "/status/current").data["pid"]
        os.kill(pid, 9)
        deadline = time.time() + 10
        while time.time() < deadline:
            status = self.emu.call("GET", vm + "/status/current").data
            if status["status"] == "stopped":
                break
            time.sleep(0.1)
        self.assertEqual(status["status"], "stopped")


if __name__ == "__main__":
    unittest.main()
