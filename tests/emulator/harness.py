"""Starts a private PVE emulator for one test and talks raw HTTPS to it."""

import http.client
import json
import os
import shutil
import signal
import ssl
import subprocess
import tempfile
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
EMULATOR = os.path.join(REPO, "tools", "pve-emulator", "pve_emulator.py")
FIXTURES = os.path.join(REPO, "tests", "fixtures", "proxmox",
                        "recorded-responses.json")
PYTHON = "/usr/bin/python3"


class Reply:
    """Status, reason, headers and decoded body of one answer."""

    def __init__(self, resp, raw):
        self.status = resp.status
        self.reason = resp.reason
        self.headers = {k.lower(): v for k, v in resp.getheaders()}
        self.raw = raw
        try:
            self.json = json.loads(raw) if raw else None
        except ValueError:
            self.json = None

    @property
    def data(self):
        return self.json["data"]


class Emulator:
    """A running emulator in a temporary state folder."""

    def __init__(self, *extra, guest=None):
        self.state = tempfile.mkdtemp(prefix="cc-pve-emu-test-")
        args = [PYTHON, EMULATOR, "--state", self.state, "--port", "0",
                "--time-factor", "0.05"] + list(extra)
        if guest:
            args += ["--guest", guest]

        self.log = open(os.path.join(self.state, "stderr.log"), "wb")
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE,
                                     stderr=self.log, text=True)
        line = self.proc.stdout.readline()
        if not line.startswith("ready"):
            self.stop()
            raise RuntimeError("emulator did not start: %s" % self.stderr())

        self.creds = self.read_credentials()
        url = urllib.parse.urlsplit(self.creds["url"])
        self.host, self.port = url.hostname, url.port
        self.ticket = None
        self.csrf = None

    def read_credentials(self):
        with open(os.path.join(self.state, "credentials"),
                  encoding="utf-8") as handle:
            return dict(line.rstrip("\n").split("=", 1) for line in handle)

    def stderr(self):
        self.log.flush()
        with open(os.path.join(self.state, "stderr.log"),
                  encoding="utf-8", errors="replace") as handle:
            return handle.read()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()
        self.log.close()
        shutil.rmtree(self.state, ignore_errors=True)

    def context(self):
        ctx = ssl.create_default_context(
            cafile=os.path.join(self.state, "pve-ssl.pem"))
        ctx.check_hostname = False
        return ctx

    def token_header(self):
        return {"Authorization": "PVEAPIToken=%s=%s" % (
            self.creds["token_id"], self.creds["token_secret"])}

    def login(self):
        reply = self.call("POST", "/access/ticket", {
            "username": self.creds["user"],
            "password": self.creds["password"]}, auth=None)
        self.ticket = reply.data["ticket"]
        self.csrf = reply.data["CSRFPreventionToken"]
        return reply

    def ticket_headers(self, csrf=True):
        headers = {"Cookie": "PVEAuthCookie=" +
                   urllib.parse.quote(self.ticket, safe="")}
        if csrf:
            headers["CSRFPreventionToken"] = self.csrf
        return headers

    def call(self, method, path, params=None, auth="token", headers=None,
             raw_path=None):
        """One request under /api2/json; params go to query or body."""
        hdrs = {}
        if auth == "token":
            hdrs.update(self.token_header())
        elif auth == "ticket":
            hdrs.update(self.ticket_headers())
        hdrs.update(headers or {})

        target = raw_path or "/api2/json" + path
        body = None
        if params and method in ("GET", "DELETE"):
            target += "?" + urllib.parse.urlencode(params, doseq=True)
        elif params:
            body = urllib.parse.urlencode(params, doseq=True)
            hdrs["Content-Type"] = "application/x-www-form-urlencoded"

        return self.send(method, target, body, hdrs)

    def send(self, method, target, body, hdrs):
        conn = http.client.HTTPSConnection(self.host, self.port,
                                           context=self.context(),
                                           timeout=30)
        try:
            conn.request(method, target, body=body, headers=hdrs)
            resp = conn.getresponse()
            return Reply(resp, resp.read())
        finally:
            conn.close()

    def wait_task(self, upid, timeout=30):
        """Polls the task until stopped; returns the status object."""
        node = upid.split(":")[1]
        deadline = time.time() + timeout
        while time.time() < deadline:
            reply = self.call("GET", "/nodes/%s/tasks/%s/status" % (
                node, urllib.parse.quote(upid, safe="")))
            if reply.status == 200 and reply.data["status"] == "stopped":
                return reply.data
            time.sleep(0.05)
        raise AssertionError("task %s did not finish" % upid)

    def task_log(self, upid):
        node = upid.split(":")[1]
        reply = self.call("GET", "/nodes/%s/tasks/%s/log" % (
            node, urllib.parse.quote(upid, safe="")), {"limit": 0})
        return [line["t"] for line in reply.data]

    def faults(self, doc):
        body = json.dumps(doc)
        hdrs = dict(self.token_header(),
                    **{"Content-Type": "application/json"})
        return self.send("POST", "/_emulator/faults", body, hdrs)

    def clone(self, newid, source=9000, **extra):
        params = dict({"newid": newid}, **extra)
        reply = self.call("POST", "/nodes/pve1/qemu/%d/clone" % source,
                          params)
        assert reply.status == 200, (reply.status, reply.reason)
        return reply.data


def load_recorded():
    with open(FIXTURES, encoding="utf-8") as handle:
        examples = json.load(handle)["examples"]
    return {example["id"]: example for example in examples}


def json_kind(value):
    """Type class used to compare answer shapes."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if value is None:
        return "null"
    return type(value).__name__


def shape_diff(recorded, ours, path="data", optional=()):
    """Differences in field names and JSON types, recursively."""
    problems = []
    if json_kind(recorded) != json_kind(ours):
        return ["%s: recorded %s, emulator %s" % (
            path, json_kind(recorded), json_kind(ours))]

    if isinstance(recorded, dict):
        for key, value in recorded.items():
            if key not in ours:
                if key not in optional:
                    problems.append("%s.%s missing" % (path, key))
                continue
            problems += shape_diff(value, ours[key], path + "." + key,
                                   optional)
    elif isinstance(recorded, list) and recorded and ours:
        problems += shape_diff(recorded[0], ours[0], path + "[0]", optional)
    return problems
