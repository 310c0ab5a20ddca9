#!/usr/bin/python3
"""A loopback SMTP server for the mail tests, built on aiosmtpd.

Usage: smtp_sink.py DIR   (writes DIR/port once listening, then each mail
as DIR/<n>.eml). Recipients whose local part starts with "tempfail" get a
451 reply, "reject" a 550, so retry and give-up paths can be tested. Stops
on SIGTERM, or by itself after five minutes.
"""
import os
import signal
import socket
import sys
import threading

from aiosmtpd.controller import Controller

LIFETIME_SECONDS = 300


class SinkHandler:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, options):
        local = address.split("@")[0].lower()
        if local.startswith("tempfail"):
            return "451 4.3.0 Mailbox busy, try again later"
        if local.startswith("reject"):
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            name = os.path.join(self.folder, "%04d.eml" % self.count)
        with open(name + ".tmp", "wb") as out:
            out.write(envelope.content)
        os.rename(name + ".tmp", name)
        return "250 Message accepted"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    folder = sys.argv[1]
    os.makedirs(folder, exist_ok=True)
    port = free_port()
    controller = Controller(SinkHandler(folder), hostname="127.0.0.1",
                            port=port)
    controller.start()
    with open(os.path.join(folder, "port"), "w") as out:
        out.write(str(port))

    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    done.wait(LIFETIME_SECONDS)
    controller.stop()


if __name__ == "__main__":
    main()
