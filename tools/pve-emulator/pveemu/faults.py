"""Keeps the fault switches that tests flip at run time."""

import re
import threading

KEYS = ("latency", "errors", "lock_timeout", "task_fail", "task_warn",
        "node_offline", "guest_ignores_powerdown")

DEFAULT_REASONS = {500: "Internal Server Error", 502: "Bad Gateway",
                   503: "Service Unavailable", 595: "No route to host",
                   596: "Connection timed out"}


class FaultError(ValueError):
    """The fault document is malformed."""


def check_rules(key, value):
    """Validates one key of a fault document; raises FaultError."""
    if not isinstance(value, list):
        raise FaultError("'%s' must be a list" % key)

    for rule in value:
        if key in ("latency", "errors", "task_fail", "task_warn"):
            if not isinstance(rule, dict):
                raise FaultError("'%s' entries must be objects" % key)
            if "path" in rule:
                try:
                    re.compile(rule["path"])
                except re.error as err:
                    raise FaultError("bad regex in '%s': %s"
                                     % (key, err)) from None
        elif not isinstance(rule, (str, int)):
            raise FaultError("'%s' entries must be ids" % key)


class Faults:
    """Current switches; every query is thread-safe."""

    def __init__(self):
        self.lock = threading.Lock()
        self.rules = {key: [] for key in KEYS}

    def snapshot(self):
        with self.lock:
            return {key: list(rules) for key, rules in self.rules.items()}

    def update(self, doc):
        """Replaces the keys present in doc; unknown keys are refused."""
        for key, value in doc.items():
            if key not in KEYS:
                raise FaultError("unknown fault '%s'" % key)
            check_rules(key, value)

        with self.lock:
            for key, value in doc.items():
                self.rules[key] = [dict(r) if isinstance(r, dict) else r
                                   for r in value]

    def clear(self):
        with self.lock:
            self.rules = {key: [] for key in KEYS}

    def matches(self, rule, method, path):
        if rule.get("method") and rule["method"].upper() != method:
            return False
        return re.search(rule.get("path", ""), path) is not None

    def latency_ms(self, method, path):
        with self.lock:
            return sum(int(r.get("ms", 0)) for r in self.rules["latency"]
                       if self.matches(r, method, path))

    def error_for(self, method, path):
        """Returns (status, reason) for an injected error, or None."""
        with self.lock:
            for rule in self.rules["errors"]:
                if not self.matches(rule, method, path):
                    continue
                if not self.consume(rule):
                    continue

                status = int(rule.get("status", 500))
                reason = rule.get("message") or DEFAULT_REASONS.get(
                    status, "Injected fault")
                return status, reason

        return None

    def consume(self, rule):
        """Counts down a rule with `count`; False once it is used up."""
        if "count" not in rule:
            return True
        if int(rule["count"]) <= 0:
            return False
        rule["count"] = int(rule["count"]) - 1
        return True

    def lock_timeout(self, vmid):
        with self.lock:
            return str(vmid) in [str(v) for v in self.rules["lock_timeout"]]

    def task_failure(self, kind, ident):
        return self.task_rule("task_fail", kind, ident,
                              "injected task failure")

    def task_warning(self, kind, ident):
        return self.task_rule("task_warn", kind, ident,
                              "injected task warning")

    def task_rule(self, key, kind, ident, default):
        """Message of the first matching task rule, or None."""
        with self.lock:
            for rule in self.rules[key]:
                if rule.get("type") not in (None, kind):
                    continue
                if rule.get("id") not in (None, str(ident)):
                    continue
                if not self.consume(rule):
                    continue
                return rule.get("message", default)
        return None

    def node_offline(self, node):
        with self.lock:
            return node in self.rules["node_offline"]

    def ignores_powerdown(self, vmid):
        with self.lock:
            return str(vmid) in [str(v) for v in
                                 self.rules["guest_ignores_powerdown"]]
