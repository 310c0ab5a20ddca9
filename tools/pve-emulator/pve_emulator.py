#!/usr/bin/python3
"""Entry point of the Proxmox VE API emulator: wires the parts and serves."""

import argparse
import hashlib
import json
import os
import signal
import ssl
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pveemu import schema as sc  # noqa: E402
from pveemu.api import Api  # noqa: E402
from pveemu.auth import Auth, new_secrets  # noqa: E402
from pveemu.cluster import Cluster  # noqa: E402
from pveemu.console import Consoles  # noqa: E402
from pveemu.faults import Faults  # noqa: E402
from pveemu.qemu import Qemu  # noqa: E402
from pveemu.server import Handler, TlsServer  # noqa: E402
from pveemu.tasks import Tasks  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMA = os.path.join(HERE, "schema", "api-subset-9.1.json")
SECRET_WORDS = ("password", "ticket", "token", "secret", "csrf", "key")


class Logger:
    """One JSON line per event on stderr; drops secret-looking fields."""

    def __init__(self):
        self.lock = threading.Lock()

    def log(self, level, event, **fields):
        line = {"ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime()),
                "level": level, "event": event}
        for key, value in fields.items():
            if not any(word in key.lower() for word in SECRET_WORDS):
                line[key] = value

        with self.lock:
            sys.stderr.write(json.dumps(line) + "\n")
            sys.stderr.flush()


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--state", required=True,
                        help="folder for the cluster, cert and credentials")
    parser.add_argument("--port", type=int,
                        default=int(os.environ.get("CC_PVE_PORT", 8006)))
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--time-factor", type=float, default=1.0)
    parser.add_argument("--api-style", choices=["9.1", "8.4", "7.4"],
                        default="9.1")
    parser.add_argument("--max-qemu", type=int, default=8)
    parser.add_argument("--guest", help="guest image folder "
                        "(default: STATE/guest)")
    return parser.parse_args()


def ensure_cert(state):
    """Creates a self-signed certificate once; returns (cert, key) paths."""
    cert = os.path.join(state, "pve-ssl.pem")
    key = os.path.join(state, "pve-ssl.key")
    if os.path.exists(cert) and os.path.exists(key):
        return cert, key

    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048",
                    "-nodes", "-days", "3650", "-subj",
                    "/OU=PVE Cluster Node/O=Proxmox Virtual Environment/"
                    "CN=pve1.classcloud.test",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost,"
                    "DNS:pve1,DNS:pve2,DNS:pve3",
                    "-keyout", key, "-out", cert],
                   check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.PIPE)
    os.chmod(key, 0o600)
    return cert, key


def fingerprint_of(cert_pem):
    der = ssl.PEM_cert_to_DER_cert(cert_pem)
    digest = hashlib.sha256(der).hexdigest().upper()
    return ":".join(digest[i:i + 2] for i in range(0, len(digest), 2))


def write_private(path, text):
    """Atomic write readable by the owner only."""
    tmp = path + ".tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, path)


class Emulator:
    """Holds every part; the API and server reach each other through it."""

    def __init__(self, args):
        self.state = os.path.abspath(args.state)
        os.makedirs(self.state, exist_ok=True)
        self.time_factor = args.time_factor
        self.style = args.api_style
        self.started = time.time()
        self.logger = Logger()

        self.secrets_path = os.path.join(self.state, "secrets.json")
        creds = self.load_secrets()
        self.auth = Auth(creds, self.time_factor, self.style)
        self.schema = sc.Schema(SCHEMA)
        self.faults = Faults()
        self.cluster = Cluster(self.state)
        self.tasks = Tasks(self.cluster, self.time_factor, self.faults,
                           self.logger)

        self.run_dir = tempfile.mkdtemp(prefix="pveemu-run-")
        guest = args.guest or os.path.join(self.state, "guest")
        self.qemu = Qemu(guest, self.run_dir, args.max_qemu, self.logger,
                         self.guest_died)
        self.consoles = Consoles(lambda: bytes.fromhex(creds["key"]),
                                 self.style)

        cert, key = ensure_cert(self.state)
        with open(cert, encoding="ascii") as handle:
            self.cert_pem = handle.read()
        self.fingerprint = fingerprint_of(self.cert_pem)
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(cert, key)
        self.api = Api(self)

    def load_secrets(self):
        if os.path.exists(self.secrets_path):
            with open(self.secrets_path, encoding="utf-8") as handle:
                return json.load(handle)

        creds = new_secrets()
        write_private(self.secrets_path, json.dumps(creds))
        return creds

    def save_secrets(self):
        write_private(self.secrets_path, json.dumps(self.auth.creds))

    def uptime(self):
        return int(time.time() - self.started) + 86400

    def guest_died(self, vmid):
        """A QEMU process ended on its own: the VM is stopped now."""
        with self.cluster.lock:
            self.cluster.runtime[str(vmid)] = {"status": "stopped"}

    def write_credentials(self, port, bind):
        creds = self.auth.creds
        lines = ["url=https://%s:%d" % (bind, port),
                 "user=" + creds["user"],
                 "password=" + creds["password"],
                 "token_id=" + self.auth.token_id,
                 "token_secret=" + creds["token_secret"],
                 "fingerprint=" + self.fingerprint]
        write_private(os.path.join(self.state, "credentials"),
                      "\n".join(lines) + "\n")

    def shutdown(self):
        """Kills the guests first; a failing save must not keep them."""
        self.qemu.stop_all()

        try:
            self.cluster.save()
        except OSError as err:
            self.logger.log("error", "state_save_failed", path=self.state,
                            err=str(err))

        for name in os.listdir(self.run_dir):
            os.unlink(os.path.join(self.run_dir, name))
        os.rmdir(self.run_dir)


def main():
    args = parse_args()
    emu = Emulator(args)

    server = TlsServer((args.bind, args.port), Handler, emu.context, emu)
    port = server.server_address[1]
    emu.cluster.save()
    emu.write_credentials(port, args.bind)

    def stop(signum, _frame):
        emu.logger.log("info", "stopping", signal=signum)
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    emu.logger.log("info", "ready", url="https://%s:%d" % (args.bind, port),
                   style=args.api_style, time_factor=args.time_factor,
                   guest_image=emu.qemu.image_ready())
    print("ready https://%s:%d" % (args.bind, port), flush=True)

    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()
        emu.shutdown()
        emu.logger.log("info", "stopped")


if __name__ == "__main__":
    main()
