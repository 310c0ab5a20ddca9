"""Runs PVE-style worker tasks in threads and keeps their UPIDs and logs."""

import itertools
import random
import threading
import time

MAX_KEPT = 1000


class TaskError(Exception):
    """Ends a task with this text as its exit status."""


def boot_ticks():
    """Clock ticks since boot, what PVE puts in a UPID's pstart."""
    try:
        with open("/proc/uptime", encoding="ascii") as handle:
            return int(float(handle.read().split()[0]) * 100)
    except OSError:
        return int(time.monotonic() * 100)


def parse_upid(upid):
    """Returns the UPID fields as a dict, or None if it does not parse."""
    parts = upid.split(":")
    if len(parts) != 9 or parts[0] != "UPID" or parts[8] != "":
        return None

    try:
        return {"node": parts[1], "pid": int(parts[2], 16),
                "pstart": int(parts[3], 16),
                "starttime": int(parts[4], 16), "type": parts[5],
                "id": parts[6], "user": parts[7]}
    except ValueError:
        return None


class Context:
    """What a task body uses: log lines, warnings, scaled sleeps."""

    def __init__(self, task, time_factor):
        self.task = task
        self.time_factor = time_factor
        self.warnings = 0
        self.cancel = threading.Event()

    def log(self, line):
        self.task["log"].append(line)

    def warn(self, text):
        self.warnings += 1
        self.log("WARN: " + text)

    def sleep(self, seconds):
        """Sleeps seconds * time factor; raises if the task was stopped."""
        if self.cancel.wait(seconds * self.time_factor):
            raise TaskError("received interrupt")


class Tasks:
    """Creates tasks, runs their bodies and answers status/log queries."""

    def __init__(self, cluster, time_factor, faults, logger):
        self.cluster = cluster
        self.time_factor = time_factor
        self.faults = faults
        self.logger = logger
        self.active = {}
        self.pids = itertools.count(random.randint(0x10000, 0x3FFFFF))

    def start(self, node, kind, ident, user, body, on_end=None):
        """Starts body(ctx) in a thread; returns the UPID at once."""
        plain_user, _, token = user.partition("!")
        pid = next(self.pids)
        pstart = boot_ticks()
        starttime = int(time.time())
        upid = "UPID:%s:%08X:%08X:%08X:%s:%s:%s:" % (
            node, pid, pstart, starttime, kind, ident, user)

        task = {"upid": upid, "node": node, "pid": pid, "pstart": pstart,
                "starttime": starttime, "type": kind, "id": str(ident),
                "user": plain_user, "log": []}
        if token:
            task["tokenid"] = token

        ctx = Context(task, self.time_factor)
        with self.cluster.lock:
            self.active[upid] = (task, ctx)

        thread = threading.Thread(target=self.run,
                                  args=(task, ctx, body, on_end),
                                  name="task-" + kind, daemon=True)
        thread.start()
        return upid

    def run(self, task, ctx, body, on_end):
        error = None
        try:
            body(ctx)

            warning = self.faults.task_warning(task["type"], task["id"])
            if warning:
                ctx.warn(warning)

            failure = self.faults.task_failure(task["type"], task["id"])
            if failure:
                raise TaskError(failure)
        except TaskError as err:
            error = str(err)
        except Exception as err:  # a bug in a body must not kill us
            error = "%s" % err
            self.logger.log("error", "task_crashed", upid=task["upid"],
                            err=repr(err))

        if on_end:
            try:
                on_end(error)
            except Exception as err:
                self.logger.log("error", "task_cleanup_failed",
                                upid=task["upid"], err=repr(err))

        self.finish(task, ctx, error)

    def finish(self, task, ctx, error):
        if error is not None:
            task["log"] += ["", "TASK ERROR: " + error]
            status = error.replace("\n", " ")
        elif ctx.warnings:
            task["log"] += ["", "TASK WARNINGS: %d" % ctx.warnings]
            status = "WARNINGS: %d" % ctx.warnings
        else:
            task["log"].append("TASK OK")
            status = "OK"

        task["exitstatus"] = status
        task["endtime"] = int(time.time())

        with self.cluster.lock:
            self.active.pop(task["upid"], None)
            kept = self.cluster.data["tasks"]
            kept.append(task)
            del kept[:-MAX_KEPT]
            self.cluster.save()

        self.logger.log("info", "task_end", upid=task["upid"],
                        exitstatus=status)

    def find(self, upid):
        """Returns (task, running) or (None, False)."""
        with self.cluster.lock:
            if upid in self.active:
                return self.active[upid][0], True

            for task in reversed(self.cluster.data["tasks"]):
                if task["upid"] == upid:
                    return task, False

        return None, False

    def stop(self, upid):
        with self.cluster.lock:
            entry = self.active.get(upid)
        if entry:
            entry[1].cancel.set()

    def status(self, task, running):
        reply = {k: task[k] for k in ("upid", "node", "pid", "pstart",
                                      "starttime", "type", "id", "user")}
        reply["status"] = "running" if running else "stopped"
        if not running:
            reply["exitstatus"] = task["exitstatus"]
        if "tokenid" in task:
            reply["tokenid"] = task["tokenid"]
        return reply

    def listing(self, node, source):
        """Task list entries for a node, newest first."""
        with self.cluster.lock:
            done = [t for t in self.cluster.data["tasks"]
                    if t["node"] == node]
            running = [t for t, _ in self.active.values()
                       if t["node"] == node]

        items = []
        if source in ("active", "all"):
            items += [self.list_entry(t, True) for t in running]
        if source in ("archive", "all"):
            items += [self.list_entry(t, False) for t in done]

        items.sort(key=lambda t: t["starttime"], reverse=True)
        return items

    def list_entry(self, task, running):
        entry = {k: task[k] for k in ("upid", "node", "pid", "pstart",
                                      "starttime", "type", "id", "user")}
        if running:
            entry["status"] = "RUNNING"
        else:
            entry["status"] = task["exitstatus"]
            entry["endtime"] = task["endtime"]
        if "tokenid" in task:
            entry["tokenid"] = task["tokenid"]
        return entry

