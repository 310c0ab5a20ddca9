"""Starts, drives and watches the real qemu-system-x86_64 guest processes."""

import json
import os
import shutil
import socket
import subprocess
import threading
import time

QEMU = "qemu-system-x86_64"


class QmpError(Exception):
    """QMP could not be reached or refused a command."""


def qmp_command(path, command, arguments=None, timeout=5.0):
    """Runs one QMP command on the socket at path and returns its reply."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    try:
        sock.connect(path)
        reader = sock.makefile("r", encoding="utf-8")
        reader.readline()

        for cmd in ({"execute": "qmp_capabilities"},
                    {"execute": command, "arguments": arguments or {}}):
            sock.sendall((json.dumps(cmd) + "\n").encode())
            reply = read_reply(reader)
            if "error" in reply:
                raise QmpError("%s: %s" % (cmd["execute"],
                                           reply["error"].get("desc")))
        return reply.get("return")
    except OSError as err:
        raise QmpError("QMP %s on %s failed: %s" % (command, path, err))
    finally:
        sock.close()


def read_reply(reader):
    """Skips asynchronous events until a return or error arrives."""
    while True:
        line = reader.readline()
        if not line:
            raise QmpError("QMP connection closed")
        msg = json.loads(line)
        if "return" in msg or "error" in msg:
            return msg


class Qemu:
    """One QEMU child per running VM, up to max_qemu of them."""

    def __init__(self, guest_dir, run_dir, max_qemu, logger, on_exit):
        self.guest_dir = guest_dir
        self.run_dir = run_dir
        self.max_qemu = max_qemu
        self.logger = logger
        self.on_exit = on_exit
        self.procs = {}
        self.expected_exit = set()
        self.lock = threading.Lock()

    def image_ready(self):
        needed = ("vmlinuz", "initrd.img")
        return all(os.path.exists(os.path.join(self.guest_dir, name))
                   for name in needed) and shutil.which(QEMU) is not None

    def sock(self, vmid, kind):
        return os.path.join(self.run_dir, "%s.%s" % (vmid, kind))

    def has_screen(self, vmid):
        with self.lock:
            return str(vmid) in self.procs

    def start(self, vmid, name):
        """Launches QEMU; returns its pid, or None for a screenless VM."""
        with self.lock:
            if len(self.procs) >= self.max_qemu or not self.image_ready():
                return None

        for kind in ("vnc", "qmp"):
            if os.path.exists(self.sock(vmid, kind)):
                os.unlink(self.sock(vmid, kind))

        argv = [QEMU, "-name", "%s,process=vm%s" % (name, vmid),
                "-accel", "tcg", "-m", "128", "-smp", "1",
                "-nodefaults", "-vga", "std", "-display", "none",
                "-net", "none", "-no-user-config",
                "-kernel", os.path.join(self.guest_dir, "vmlinuz"),
                "-initrd", os.path.join(self.guest_dir, "initrd.img"),
                "-append", "console=ttyS0 console=tty0 quiet",
                "-serial", "file:" + self.sock(vmid, "serial"),
                "-vnc", "unix:%s,password=on" % self.sock(vmid, "vnc"),
                "-qmp", "unix:%s,server=on,wait=off" % self.sock(vmid, "qmp")]

        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE,
                                start_new_session=True)

        with self.lock:
            self.procs[str(vmid)] = proc

        threading.Thread(target=self.watch, args=(str(vmid), proc),
                         daemon=True).start()
        self.wait_for_qmp(vmid)
        return proc.pid

    def wait_for_qmp(self, vmid):
        """QEMU makes its sockets within a few hundred milliseconds."""
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if os.path.exists(self.sock(vmid, "qmp")):
                return
            time.sleep(0.05)

    def watch(self, vmid, proc):
        _, err = proc.communicate()
        with self.lock:
            if self.procs.get(vmid) is proc:
                del self.procs[vmid]
            expected = vmid in self.expected_exit
            self.expected_exit.discard(vmid)

        if not expected:
            self.logger.log("warning", "qemu_exited", vmid=vmid,
                            code=proc.returncode,
                            stderr=err.decode(errors="replace")[-300:])
            self.on_exit(vmid)

    def qmp(self, vmid, command, arguments=None):
        if not self.has_screen(vmid):
            return None
        return qmp_command(self.sock(vmid, "qmp"), command, arguments)

    def stop(self, vmid):
        """Ends the QEMU process: QMP quit, then SIGKILL if it lingers."""
        vmid = str(vmid)
        with self.lock:
            proc = self.procs.get(vmid)
            if proc is None:
                return
            self.expected_exit.add(vmid)

        try:
            qmp_command(self.sock(vmid, "qmp"), "quit", timeout=2)
        except (QmpError, ValueError):
            pass

        try:
            proc.wait(timeout=3)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    def set_vnc_password(self, vmid, password):
        self.qmp(vmid, "set_password",
                 {"protocol": "vnc", "password": password})

    def stop_all(self):
        with self.lock:
            vmids = list(self.procs)
        for vmid in vmids:
            with self.lock:
                proc = self.procs.get(vmid)
                self.expected_exit.add(vmid)
            if proc:
                proc.kill()
                proc.wait()
