"""Handlers for VM power, snapshots, consoles, agent and firewall."""

import copy
import random
import re
import time

from . import cluster as cl
from .apibase import fail
from .console import ACCEPT_WINDOW, ConsoleError
from .tasks import TaskError


class PowerCalls:
    """Mixin of Api: acting on a VM through tasks and QEMU."""

    # --- qemu: power -------------------------------------------------------

    def post_start(self, req, p):
        vm = self.vm(p["node"], p["vmid"])
        self.check_root_only(req, p, ["skiplock", "migratedfrom"])
        vmid = p["vmid"]

        def body(ctx):
            current = self.cluster.vm(vmid)
            config = current["config"]
            if config.get("template"):
                raise TaskError("you can't start a vm if it's a template")
            lock = config.get("lock")
            if lock and lock != "suspended" and not p.get("skiplock"):
                raise TaskError("VM is locked (%s)" % lock)
            if self.cluster.is_running(vmid):
                raise TaskError("VM %s already running" % vmid)

            ctx.sleep(1)
            self.launch(ctx, vmid, config)
            if lock == "suspended":
                with self.cluster.lock:
                    config.pop("lock", None)
                    self.save()

        del vm
        return self.run_locked(p["node"], "qmstart", vmid, req, body)

    def launch(self, ctx, vmid, config):
        name = config.get("name", "VM %s" % vmid)
        try:
            pid = self.emu.qemu.start(vmid, name)
        except OSError as err:
            self.emu.logger.log("error", "qemu_start_failed", vmid=vmid,
                                err=str(err))
            pid = None

        if pid is None:
            pid = random.randint(100000, 4000000)

        with self.cluster.lock:
            run = self.cluster.run_state(vmid)
            run.update(status="running", qmpstatus="running", pid=pid,
                       started=time.time())

    def halt(self, vmid):
        self.emu.qemu.stop(vmid)
        with self.cluster.lock:
            self.cluster.runtime[str(vmid)] = {"status": "stopped"}

    def post_stop(self, req, p):
        self.vm(p["node"], p["vmid"])
        self.check_root_only(req, p, ["skiplock", "migratedfrom",
                                      "keepActive"])
        vmid = p["vmid"]

        def body(ctx):
            self.check_task_lock(vmid, p)
            if self.cluster.is_running(vmid):
                ctx.sleep(0.5)
                self.halt(vmid)

        return self.run_locked(p["node"], "qmstop", vmid, req, body)

    def check_task_lock(self, vmid, p):
        lock = self.cluster.vm(vmid)["config"].get("lock")
        if lock and not p.get("skiplock"):
            raise TaskError("VM is locked (%s)" % lock)

    def post_shutdown(self, req, p):
        self.vm(p["node"], p["vmid"])
        self.check_root_only(req, p, ["skiplock", "keepActive"])
        vmid = p["vmid"]
        run = self.cluster.run_state(vmid)
        if run.get("qmpstatus") == "paused" and not p.get("forceStop"):
            fail("VM is paused - cannot shutdown")

        def body(ctx):
            self.check_task_lock(vmid, p)
            if not self.cluster.is_running(vmid):
                return
            self.guest_powerdown(ctx, vmid, p.get("timeout", 60),
                                 p.get("forceStop", 0))

        return self.run_locked(p["node"], "qmshutdown", vmid, req, body)

    def guest_powerdown(self, ctx, vmid, timeout, force):
        """ACPI powerdown; the tiny guest honours it unless told not to."""
        try:
            self.emu.qemu.qmp(vmid, "system_powerdown")
        except Exception:
            pass

        if self.emu.faults.ignores_powerdown(vmid):
            ctx.sleep(timeout)
            if not force:
                raise TaskError("VM quit/powerdown failed - got timeout")
            ctx.log("VM still running - terminating now with SIGTERM")
        else:
            ctx.sleep(min(timeout, 2))
        self.halt(vmid)

    def require_running(self, vmid):
        if not self.cluster.is_running(vmid):
            fail("VM %s not running" % vmid)

    def post_reboot(self, req, p):
        self.vm(p["node"], p["vmid"])
        vmid = p["vmid"]
        self.require_running(vmid)

        def body(ctx):
            self.check_task_lock(vmid, p)
            self.guest_powerdown(ctx, vmid, p.get("timeout", 60), 0)
            ctx.sleep(0.5)
            self.launch(ctx, vmid, self.cluster.vm(vmid)["config"])

        return self.run_locked(p["node"], "qmreboot", vmid, req, body)

    def qmp_task(self, req, p, kind, command, qmpstatus, delay=0.3):
        self.vm(p["node"], p["vmid"])
        self.check_root_only(req, p, ["skiplock"])
        vmid = p["vmid"]
        self.require_running(vmid)

        def body(ctx):
            self.check_task_lock(vmid, p)
            ctx.sleep(delay)
            try:
                self.emu.qemu.qmp(vmid, command)
            except Exception as err:
                raise TaskError(str(err)) from None
            with self.cluster.lock:
                self.cluster.run_state(vmid)["qmpstatus"] = qmpstatus

        return self.run_locked(p["node"], kind, vmid, req, body)

    def post_reset(self, req, p):
        return self.qmp_task(req, p, "qmreset", "system_reset", "running")

    def post_suspend(self, req, p):
        if p.get("todisk"):
            return self.suspend_to_disk(req, p)
        return self.qmp_task(req, p, "qmpause", "stop", "paused")

    def suspend_to_disk(self, req, p):
        self.vm(p["node"], p["vmid"])
        vmid = p["vmid"]
        self.require_running(vmid)

        def body(ctx):
            self.check_task_lock(vmid, p)
            ctx.log("suspend vm to disk")
            ctx.sleep(1.5)
            self.halt(vmid)
            with self.cluster.lock:
                self.cluster.vm(vmid)["config"]["lock"] = "suspended"
                self.save()

        return self.run_locked(p["node"], "qmsuspend", vmid, req, body)

    def post_resume(self, req, p):
        return self.qmp_task(req, p, "qmresume", "cont", "running")

    # --- qemu: snapshots ---------------------------------------------------

    def get_snapshots(self, req, p):
        vm = self.vm(p["node"], p["vmid"])
        items = []
        for name, snap in vm["snapshots"].items():
            entry = {"name": name, "description": snap["description"],
                     "snaptime": snap["snaptime"], "vmstate": snap["vmstate"]}
            if snap.get("parent"):
                entry["parent"] = snap["parent"]
            items.append(entry)

        current = {"name": "current", "description": "You are here!",
                   "digest": cl.config_digest(vm["config"]),
                   "running": 1 if self.cluster.is_running(p["vmid"]) else 0}
        if vm["config"].get("parent"):
            current["parent"] = vm["config"]["parent"]
        return items + [current]

    def post_snapshot(self, req, p):
        vm = self.vm(p["node"], p["vmid"])
        name, vmid = p["snapname"], p["vmid"]
        if name in ("current", "pending"):
            fail("unable to use snapshot name '%s' (reserved name)" % name)
        if name in vm["snapshots"]:
            fail("snapshot name '%s' already used" % name)
        self.check_lock(vm)

        def body(ctx):
            self.set_lock(vmid, "snapshot")
            try:
                ctx.sleep(1)
                with self.cluster.lock:
                    current = self.cluster.vm(vmid)
                    config = {k: v for k, v in current["config"].items()
                              if k not in ("lock", "parent")}
                    current["snapshots"][name] = {
                        "config": config,
                        "description": p.get("description", ""),
                        "snaptime": int(time.time()),
                        "vmstate": p.get("vmstate", 0),
                        "parent": current["config"].get("parent")}
                    current["config"]["parent"] = name
            finally:
                self.set_lock(vmid, None)

        return self.run_locked(p["node"], "qmsnapshot", vmid, req, body)

    def set_lock(self, vmid, lock):
        with self.cluster.lock:
            vm = self.cluster.vm(vmid)
            if vm is None:
                return
            if lock:
                vm["config"]["lock"] = lock
            else:
                vm["config"].pop("lock", None)
            self.save()

    def snapshot_of(self, p):
        vm = self.vm(p["node"], p["vmid"])
        if p["snapname"] not in vm["snapshots"]:
            fail("snapshot '%s' does not exist" % p["snapname"])
        self.check_lock(vm)
        return vm

    def post_rollback(self, req, p):
        self.snapshot_of(p)
        name, vmid = p["snapname"], p["vmid"]

        def body(ctx):
            if self.cluster.is_running(vmid):
                self.halt(vmid)
            self.set_lock(vmid, "rollback")
            try:
                ctx.sleep(1)
                with self.cluster.lock:
                    vm = self.cluster.vm(vmid)
                    snap = vm["snapshots"][name]
                    vm["config"] = copy.deepcopy(snap["config"])
                    vm["config"]["parent"] = name
            finally:
                self.set_lock(vmid, None)
            if p.get("start"):
                self.launch(ctx, vmid, self.cluster.vm(vmid)["config"])

        return self.run_locked(p["node"], "qmrollback", vmid, req, body)

    def delete_snapshot(self, req, p):
        self.snapshot_of(p)
        name, vmid = p["snapname"], p["vmid"]

        def body(ctx):
            self.set_lock(vmid, "snapshot-delete")
            try:
                ctx.sleep(0.8)
                with self.cluster.lock:
                    vm = self.cluster.vm(vmid)
                    gone = vm["snapshots"].pop(name)
                    for snap in vm["snapshots"].values():
                        if snap.get("parent") == name:
                            snap["parent"] = gone.get("parent")
                    if vm["config"].get("parent") == name:
                        if gone.get("parent"):
                            vm["config"]["parent"] = gone["parent"]
                        else:
                            vm["config"].pop("parent", None)
            finally:
                self.set_lock(vmid, None)

        return self.run_locked(p["node"], "qmdelsnapshot", vmid, req, body)

    # --- qemu: consoles and agent ----------------------------------------

    def post_vncproxy(self, req, p):
        self.vm(p["node"], p["vmid"])
        vmid = p["vmid"]
        self.require_running(vmid)
        try:
            console, ticket, password = self.emu.consoles.issue(
                req.user, vmid, p.get("generate-password", 0))
        except ConsoleError as err:
            fail(str(err))

        def body(ctx):
            if not console.connected.wait(ACCEPT_WINDOW):
                console.closed.set()
                raise TaskError("connection timed out")
            console.closed.wait()

        upid = self.tasks.start(p["node"], "vncproxy", vmid, req.user, body)
        reply = {"user": req.user, "ticket": ticket,
                 "port": str(console.port), "upid": upid,
                 "cert": self.emu.cert_pem}
        if password:
            reply["password"] = password
        return reply

    def get_vncwebsocket(self, req, p):
        self.vm(p["node"], p["vmid"])
        try:
            self.emu.consoles.verify(req.user, p["vmid"], p["port"],
                                     p["vncticket"])
        except ConsoleError as err:
            fail(str(err))
        return {"port": str(p["port"])}

    def agent_checks(self, p):
        vm = self.vm(p["node"], p["vmid"])
        agent = str(vm["config"].get("agent", "0"))
        if agent.split(",")[0] not in ("1", "enabled=1"):
            fail("No QEMU guest agent configured")
        if not self.cluster.is_running(p["vmid"]):
            fail("VM %s is not running" % p["vmid"])
        # The tiny guest has no agent, as a fresh lab VM would not.
        fail("QEMU guest agent is not running")

    def agent_call(self, req, p):
        self.agent_checks(p)

    # --- firewall ---------------------------------------------------------

    def get_fw_options(self, req, p):
        vm = self.vm(p["node"], p["vmid"])
        options = vm.get("firewall", {}).get("options", {})
        return dict(options)

    def put_fw_options(self, req, p):
        vm = self.vm(p["node"], p["vmid"])
        with self.cluster.lock:
            fw = vm.setdefault("firewall", {"options": {}, "rules": []})
            options = fw["options"]
            for key in re.split(r"[,;\s]+", p.get("delete", "")):
                options.pop(key, None)
            for key, value in p.items():
                if key not in ("node", "vmid", "delete", "digest"):
                    options[key] = value
            self.save()
        return None

    def get_fw_rules(self, req, p):
        vm = self.vm(p["node"], p["vmid"])
        rules = vm.get("firewall", {}).get("rules", [])
        return [dict(rule, pos=i) for i, rule in enumerate(rules)]

    def post_fw_rule(self, req, p):
        vm = self.vm(p["node"], p["vmid"])
        rule = {k: v for k, v in p.items()
                if k not in ("node", "vmid", "pos", "digest")}
        rule.setdefault("enable", 0)
        with self.cluster.lock:
            fw = vm.setdefault("firewall", {"options": {}, "rules": []})
            pos = p.get("pos", 0)
            fw["rules"].insert(min(pos, len(fw["rules"])), rule)
            self.save()
        return None
