"""Implements the /api2/json endpoints on top of the cluster model."""

import copy
import random
import re
import time
import uuid

from . import cluster as cl
from .cluster import GIB, MIB, LockTimeout
from .console import ACCEPT_WINDOW, ConsoleError
from .tasks import TaskError, parse_upid

VERSIONS = {
    "9.1": {"version": "9.1.5", "release": "9.1", "repoid": "7b3b6b2a",
            "pveversion": "pve-manager/9.1.5/7b3b6b2a",
            "kernel": "6.17.2-1-pve", "qemu": "10.1.2"},
    "8.4": {"version": "8.4.1", "release": "8.4", "repoid": "2a5fa54a",
            "pveversion": "pve-manager/8.4.1/2a5fa54a",
            "kernel": "6.8.12-9-pve", "qemu": "9.2.0"},
    "7.4": {"version": "7.4-16", "release": "7.4", "repoid": "0f39f621",
            "pveversion": "pve-manager/7.4-16/0f39f621",
            "kernel": "5.15.108-1-pve", "qemu": "8.0.2"},
}

NOT_CONFIG = {"node", "vmid", "delete", "revert", "digest", "skiplock",
              "background_delay", "force"}

CAPS = {
    "vms": ["VM.Allocate", "VM.Audit", "VM.Clone", "VM.Config.CDROM",
            "VM.Config.CPU", "VM.Config.Cloudinit", "VM.Config.Disk",
            "VM.Config.HWType", "VM.Config.Memory", "VM.Config.Network",
            "VM.Config.Options", "VM.Console", "VM.Migrate", "VM.PowerMgmt",
            "VM.Snapshot", "VM.Snapshot.Rollback", "VM.Backup",
            "Permissions.Modify"],
    "storage": ["Datastore.Allocate", "Datastore.AllocateSpace",
                "Datastore.AllocateTemplate", "Datastore.Audit",
                "Permissions.Modify"],
    "nodes": ["Sys.Audit", "Sys.Console", "Sys.Incoming", "Sys.Modify",
              "Sys.PowerMgmt", "Sys.Syslog", "Permissions.Modify"],
    "access": ["Group.Allocate", "User.Modify", "Permissions.Modify"],
    "dc": ["SDN.Allocate", "SDN.Audit", "SDN.Use", "Sys.Audit"],
    "sdn": ["SDN.Allocate", "SDN.Audit", "SDN.Use", "Permissions.Modify"],
}


class ApiError(Exception):
    """An API answer other than 200: status, reason text, errors map."""

    def __init__(self, status, message, errors=None, body=True):
        super().__init__(message)
        self.status = status
        self.message = message
        self.errors = errors
        self.body = body


def fail(message):
    raise ApiError(500, message)


def param_error(name, message):
    raise ApiError(400, "Parameter verification failed.", {name: message})


class Request:
    """What a handler knows about the caller."""

    def __init__(self, user, via_token):
        self.user = user
        self.via_token = via_token


class Api:
    """One method per endpoint; the route table is at the bottom."""

    def __init__(self, emu):
        self.emu = emu
        self.cluster = emu.cluster
        self.tasks = emu.tasks
        self.style = emu.style
        self.ver = VERSIONS[emu.style]

    # --- shared helpers ------------------------------------------------

    def check_node(self, node):
        if node not in self.cluster.data["nodes"]:
            fail("hostname lookup '%s' failed - failed to get address info "
                 "for: %s: Name or service not known" % (node, node))

    def vm(self, node, vmid):
        try:
            return self.cluster.vm_on_node(node, vmid)
        except FileNotFoundError as err:
            fail(str(err))

    def lock_text(self, vmid):
        return ("can't lock file '/var/lock/qemu-server/lock-%s.conf' - "
                "got timeout" % vmid)

    def take_flock(self, vmid, seconds):
        """Takes the VM flock, waiting seconds (scaled) as PVE does."""
        wait = seconds * self.emu.time_factor
        if self.emu.faults.lock_timeout(vmid):
            time.sleep(wait)
            raise LockTimeout(self.lock_text(vmid))

        if not self.cluster.flock(vmid).acquire(timeout=wait):
            raise LockTimeout(self.lock_text(vmid))

    def release_flock(self, vmid):
        try:
            self.cluster.flock(vmid).release()
        except RuntimeError:
            pass

    def run_locked(self, node, kind, vmid, req, body, seconds=10):
        """Starts a task whose body runs under the VM flock."""
        def locked(ctx):
            try:
                self.take_flock(vmid, seconds)
            except LockTimeout as err:
                raise TaskError(str(err)) from None
            try:
                body(ctx)
            finally:
                self.release_flock(vmid)

        return self.tasks.start(node, kind, vmid, req.user, locked)

    def check_lock(self, vm, skiplock=0):
        lock = vm["config"].get("lock")
        if lock and not skiplock:
            fail("VM is locked (%s)" % lock)

    def check_root_only(self, req, params, names):
        for name in names:
            if name in params and req.user != "root@pam":
                param_error(name, "Only root may use this option.")

    def save(self):
        self.cluster.save()

    def render_config(self, config):
        """Config as the wire shows it for this API style."""
        out = copy.deepcopy(config)
        if self.style == "7.4" and "memory" in out:
            out["memory"] = cl.memory_mib(out)
        return out

    # --- version, access -----------------------------------------------

    def get_version(self, req, p):
        return {k: self.ver[k] for k in ("version", "release", "repoid")}

    def post_ticket(self, req, p):
        auth = self.emu.auth
        user = auth.login(p["username"], p["password"], p.get("realm"))
        if user is None:
            time.sleep(3 * self.emu.time_factor)
            raise ApiError(401, "authentication failure")

        if "path" in p:
            return {"username": user}

        return {
            "username": user,
            "ticket": auth.make_ticket(user),
            "CSRFPreventionToken": auth.make_csrf(user),
            "clustername": "classcloud",
            "cap": self.caps(),
        }

    def caps(self):
        caps = {area: {priv: 1 for priv in privs}
                for area, privs in CAPS.items()}
        if self.style == "9.1":
            caps["vms"].update({"VM.GuestAgent.Audit": 1,
                                "VM.GuestAgent.Unrestricted": 1})
        else:
            caps["vms"]["VM.Monitor"] = 1
        return caps

    def post_token(self, req, p):
        if p["userid"] != self.emu.auth.creds["user"]:
            fail("no such user ('%s')" % p["userid"])

        tokens = self.emu.auth.creds.setdefault("tokens", {})
        full = "%s!%s" % (p["userid"], p["tokenid"])
        if full == self.emu.auth.token_id or full in tokens:
            fail("Token already exists.")

        info = {"privsep": p.get("privsep", 1), "expire": p.get("expire", 0)}
        if "comment" in p:
            info["comment"] = p["comment"]

        secret = str(uuid.uuid4())
        with self.cluster.lock:
            tokens[full] = dict(info, secret=secret)
            self.emu.save_secrets()
        return {"full-tokenid": full, "info": info, "value": secret}

    def get_acl(self, req, p):
        return [{"path": "/", "roleid": "Administrator", "type": "user",
                 "ugid": "root@pam", "propagate": 1}]

    def put_acl(self, req, p):
        return None

    # --- cluster -------------------------------------------------------

    def get_nextid(self, req, p):
        if "vmid" in p:
            if self.cluster.vm(p["vmid"]) is not None:
                param_error("vmid", "VM %d already exists" % p["vmid"])
            return str(p["vmid"])

        return str(self.cluster.next_free_id())

    def get_cluster_status(self, req, p):
        nodes = self.cluster.data["nodes"]
        items = [{"type": "cluster", "id": "cluster", "name": "classcloud",
                  "nodes": len(nodes), "quorate": 1, "version": 3}]
        for name, node in nodes.items():
            items.append({"type": "node", "id": "node/" + name,
                          "name": name, "nodeid": node["nodeid"],
                          "ip": node["ip"], "level": "",
                          "local": 1 if name == "pve1" else 0,
                          "online": 0 if self.emu.faults.node_offline(name)
                          else 1})
        return items

    def get_resources(self, req, p):
        kind = p.get("type")
        items = []
        with self.cluster.lock:
            if kind in (None, "node"):
                items += [self.node_resource(n) for n in
                          self.cluster.data["nodes"]]
            if kind in (None, "storage"):
                items += self.storage_resources()
            if kind in (None, "vm"):
                items += [self.vm_resource(v) for v in self.cluster.vmids()]
            if kind is None:
                items += [{"id": "/pool/" + pool, "type": "pool",
                           "pool": pool}
                          for pool in self.cluster.data["pools"]]
        return items

    def node_resource(self, name):
        entry = {"id": "node/" + name, "type": "node", "node": name,
                 "level": "", "cgroup-mode": 2}
        if self.emu.faults.node_offline(name):
            entry["status"] = "offline"
            return entry

        entry.update(status="online", uptime=self.emu.uptime(),
                     cpu=self.node_cpu(name), maxcpu=cl.NODE_MAXCPU,
                     mem=self.cluster.node_used_mem(name),
                     maxmem=cl.NODE_MAXMEM, disk=5 * GIB,
                     maxdisk=cl.NODE_MAXDISK)
        return entry

    def node_cpu(self, name):
        running = sum(1 for v, vm in self.cluster.data["vms"].items()
                      if vm["node"] == name and self.cluster.is_running(v))
        return round(0.004 + 0.002 * running + random.random() * 0.002, 6)

    def storage_resources(self):
        items = []
        for node in self.cluster.data["nodes"]:
            for store, info in cl.STORAGES.items():
                used = self.storage_used(node, store)
                status = ("unknown" if self.emu.faults.node_offline(node)
                          else "available")
                items.append({"id": "storage/%s/%s" % (node, store),
                              "type": "storage", "node": node,
                              "storage": store, "status": status,
                              "plugintype": info["plugintype"],
                              "shared": info["shared"],
                              "content": info["content"], "disk": used,
                              "maxdisk": info["maxdisk"]})
        return items

    def storage_used(self, node, store):
        used = 0
        for vm in self.cluster.data["vms"].values():
            disk = vm["config"].get("scsi0", "")
            shared = cl.STORAGES.get(store, {}).get("shared")
            if disk.startswith(store + ":") and (shared or
                                                 vm["node"] == node):
                used += cl.disk_size_bytes(vm["config"])
        return used

    def vm_resource(self, vmid):
        vm = self.cluster.vm(vmid)
        config = vm["config"]
        status = self.vm_status(vmid)
        entry = {"id": "qemu/%d" % vmid, "type": "qemu", "vmid": vmid,
                 "node": vm["node"], "name": status["name"],
                 "status": status["status"], "template": config.get(
                     "template", 0)}
        for key in ("cpu", "mem", "maxmem", "disk", "maxdisk", "uptime",
                    "netin", "netout", "diskread", "diskwrite"):
            entry[key] = status[key]
        entry["maxcpu"] = status["cpus"]
        for key in ("lock", "tags"):
            if key in config:
                entry[key] = config[key]
        if vm.get("pool"):
            entry["pool"] = vm["pool"]
        if self.emu.faults.node_offline(vm["node"]):
            entry["status"] = "unknown"
        return entry

    def get_cluster_tasks(self, req, p):
        items = []
        for node in self.cluster.data["nodes"]:
            items += self.tasks.listing(node, "all")
        items.sort(key=lambda t: t["starttime"], reverse=True)
        return items[:100]

    # --- nodes ---------------------------------------------------------

    def get_nodes(self, req, p):
        items = []
        for name in self.cluster.data["nodes"]:
            entry = self.node_resource(name)
            entry["ssl_fingerprint"] = self.emu.fingerprint
            del entry["cgroup-mode"]
            items.append(entry)
        return items

    def get_node_status(self, req, p):
        node = p["node"]
        self.check_node(node)
        used = self.cluster.node_used_mem(node)
        return {
            "uptime": self.emu.uptime(),
            "cpu": self.node_cpu(node), "wait": 0, "idle": 0,
            "loadavg": ["0.12", "0.08", "0.05"],
            "kversion": "Linux %s #1 SMP PREEMPT_DYNAMIC PMX" %
                        self.ver["kernel"],
            "pveversion": self.ver["pveversion"],
            "cpuinfo": {"model": "QEMU Emulated CPU (ClassCloud emulator)",
                        "cores": cl.NODE_MAXCPU // 2, "cpus": cl.NODE_MAXCPU,
                        "sockets": 1, "mhz": "2400.000", "hvm": "1",
                        "user_hz": 100, "flags": "fpu vme de pse tsc msr"},
            "memory": {"total": cl.NODE_MAXMEM, "used": used,
                       "free": cl.NODE_MAXMEM - used,
                       "available": cl.NODE_MAXMEM - used},
            "swap": {"total": 0, "used": 0, "free": 0},
            "ksm": {"shared": 0},
            "rootfs": {"total": cl.NODE_MAXDISK, "used": 5 * GIB,
                       "free": cl.NODE_MAXDISK - 5 * GIB,
                       "avail": cl.NODE_MAXDISK - 5 * GIB},
            "current-kernel": {"sysname": "Linux",
                               "release": self.ver["kernel"],
                               "version": "#1 SMP PREEMPT_DYNAMIC PMX",
                               "machine": "x86_64"},
            "boot-info": {"mode": "efi", "secureboot": 0},
        }

    # --- tasks ---------------------------------------------------------

    def find_task(self, p):
        if parse_upid(p["upid"]) is None:
            param_error("upid", "unable to parse worker upid")

        task, running = self.tasks.find(p["upid"])
        if task is None:
            param_error("upid", "no such task")
        return task, running

    def get_task_status(self, req, p):
        task, running = self.find_task(p)
        return self.tasks.status(task, running)

    def get_task_log(self, req, p):
        task, _ = self.find_task(p)
        lines = list(task["log"]) or ["no content"]
        start = p.get("start", 0)
        limit = p.get("limit", 50)
        chosen = lines[start:start + limit] if limit else lines[start:]
        data = [{"n": start + i + 1, "t": t} for i, t in enumerate(chosen)]
        return data, {"total": len(lines)}

    def delete_task(self, req, p):
        self.find_task(p)
        self.tasks.stop(p["upid"])
        return None

    def get_node_tasks(self, req, p):
        self.check_node(p["node"])
        items = self.tasks.listing(p["node"], p.get("source", "archive"))

        def keep(t):
            if "vmid" in p and t["id"] != str(p["vmid"]):
                return False
            if p.get("typefilter") and t["type"] != p["typefilter"]:
                return False
            if p.get("userfilter") and p["userfilter"] not in t["user"]:
                return False
            if p.get("errors") and t["status"] in ("OK", "RUNNING"):
                return False
            if "since" in p and t["starttime"] < p["since"]:
                return False
            return "until" not in p or t["starttime"] <= p["until"]

        items = [t for t in items if keep(t)]
        start = p.get("start", 0)
        limit = p.get("limit", 50)
        return items[start:start + limit], {"total": len(items)}

    # --- qemu: listing and status ---------------------------------------

    def vm_status(self, vmid):
        """The status/current object of a VM."""
        vm = self.cluster.vm(vmid)
        config = vm["config"]
        run = self.cluster.run_state(vmid)
        running = run["status"] == "running"
        cpus = int(config.get("cores", 1)) * int(config.get("sockets", 1))
        maxmem = cl.memory_mib(config) * MIB
        status = {
            "vmid": int(vmid), "name": config.get("name", "VM %s" % vmid),
            "status": run["status"],
            "qmpstatus": run.get("qmpstatus", run["status"]),
            "cpus": cpus, "maxmem": maxmem,
            "maxdisk": cl.disk_size_bytes(config), "disk": 0,
            "cpu": 0, "mem": 0, "uptime": 0, "netin": 0, "netout": 0,
            "diskread": 0, "diskwrite": 0, "ha": {"managed": 0},
        }
        for key in ("lock", "tags"):
            if key in config:
                status[key] = config[key]
        if config.get("template"):
            status["template"] = 1
        if str(config.get("agent", "0")).split(",")[0] in ("1",
                                                            "enabled=1"):
            status["agent"] = 1
        if running:
            status.update(self.running_stats(vmid, run, maxmem))
        return status

    def running_stats(self, vmid, run, maxmem):
        uptime = int(time.time() - run.get("started", time.time()))
        used = int(maxmem * 0.35)
        return {
            "pid": run.get("pid", 0), "uptime": uptime,
            "cpu": round(0.01 + random.random() * 0.02, 6), "mem": used,
            "freemem": maxmem - used, "balloon": maxmem,
            "balloon_min": maxmem, "shares": 1000,
            "netin": uptime * 120, "netout": uptime * 40,
            "diskread": 50 * MIB, "diskwrite": uptime * 4096,
            "running-machine": "pc-i440fx-%s+pve0" %
                               self.ver["qemu"].rsplit(".", 1)[0],
            "running-qemu": self.ver["qemu"], "spice": 0,
            "nics": {"tap%si0" % vmid: {"netin": uptime * 120,
                                        "netout": uptime * 40}},
            "ballooninfo": {"actual": maxmem, "max_mem": maxmem,
                            "total_mem": maxmem - 64 * MIB,
                            "free_mem": maxmem - used,
                            "last_update": int(time.time()),
                            "major_page_faults": 120,
                            "minor_page_faults": 40000,
                            "mem_swapped_in": 0, "mem_swapped_out": 0},
            "blockstat": {"scsi0": self.blockstat(uptime)},
            "proxmox-support": {"pbs-dirty-bitmap": True,
                                "pbs-dirty-bitmap-migration": True,
                                "pbs-dirty-bitmap-savevm": True,
                                "pbs-masterkey": True,
                                "query-bitmap-info": True,
                                "backup-max-workers": True,
                                "pbs-library-version": "1.5.2 (UNKNOWN)"},
        }

    def blockstat(self, uptime):
        fields = ["rd_bytes", "wr_bytes", "rd_operations", "wr_operations",
                  "flush_operations", "rd_total_time_ns",
                  "wr_total_time_ns", "flush_total_time_ns",
                  "idle_time_ns", "failed_rd_operations",
                  "failed_wr_operations", "failed_flush_operations",
                  "failed_unmap_operations", "invalid_rd_operations",
                  "invalid_wr_operations", "invalid_flush_operations",
                  "invalid_unmap_operations", "wr_highest_offset",
                  "unmap_operations", "unmap_bytes", "unmap_merged",
                  "unmap_total_time_ns", "rd_merged", "wr_merged"]
        stats = {name: uptime * (i + 1) for i, name in enumerate(fields)}
        stats.update(account_failed=True, account_invalid=True,
                     timed_stats=[])
        return stats

    def get_qemu_list(self, req, p):
        self.check_node(p["node"])
        items = []
        for vmid in self.cluster.vmids():
            vm = self.cluster.vm(vmid)
            if vm["node"] != p["node"]:
                continue
            status = self.vm_status(vmid)
            entry = {k: status[k] for k in
                     ("vmid", "name", "status", "cpus", "maxmem", "maxdisk",
                      "disk", "cpu", "mem", "uptime", "netin", "netout",
                      "diskread", "diskwrite")}
            for key in ("pid", "lock", "tags", "template"):
                if key in status:
                    entry[key] = status[key]
            if p.get("full"):
                entry["qmpstatus"] = status["qmpstatus"]
            items.append(entry)
        return items

    def get_status_current(self, req, p):
        self.vm(p["node"], p["vmid"])
        return self.vm_status(p["vmid"])

    # --- qemu: config ------------------------------------------------------

    def get_config(self, req, p):
        vm = self.vm(p["node"], p["vmid"])
        if "snapshot" in p:
            snap = vm["snapshots"].get(p["snapshot"])
            if snap is None:
                fail("snapshot '%s' does not exist" % p["snapshot"])
            config = dict(snap["config"])
        else:
            config = dict(vm["config"])

        config["digest"] = cl.config_digest(vm["config"])
        return self.render_config(config)

    def get_pending(self, req, p):
        vm = self.vm(p["node"], p["vmid"])
        return [{"key": k, "value": v} for k, v in
                sorted(self.render_config(vm["config"]).items())]

    def normalize_value(self, vmid, key, value, config):
        """Turns a validated value into what the config file stores."""
        if key == "memory":
            return str(value).split(",")[0].replace("current=", "")

        if re.match(r"^net\d+$", key):
            return self.normalize_net(value)

        match = re.match(r"^([a-z][\w.-]*):(\d+)(,.*)?$", str(value))
        if re.match(r"^(scsi|virtio|sata|ide)\d+$", key) and match:
            store, size, rest = match.groups()
            if store not in cl.STORAGES:
                fail("storage '%s' does not exist" % store)
            index = sum(1 for v in config.values()
                        if "vm-%s-disk-" % vmid in str(v))
            return "%s:vm-%s-disk-%d%s,size=%sG" % (store, vmid, index,
                                                    rest or "", size)
        return value

    def normalize_net(self, value):
        parts = value.split(",")
        head = parts[0]
        if "=" in head and head.split("=")[0] == "model":
            head = head.split("=", 1)[1]
        rest = [x for x in parts[1:] if x]
        mac = None
        for item in list(rest):
            if item.startswith("macaddr="):
                mac = item.split("=", 1)[1]
                rest.remove(item)
        if "=" in head:
            model, mac = head.split("=", 1)
        else:
            model = head
        mac = (mac or cl.random_mac()).upper()
        return ",".join(["%s=%s" % (model, mac)] + rest)

    def check_config_request(self, req, p, vm):
        """Synchronous checks of a config update; returns (sets, dels)."""
        self.check_root_only(req, p, ["skiplock"])
        sets = {k: v for k, v in p.items() if k not in NOT_CONFIG}
        dels = [d for d in re.split(r"[,;\s]+", p.get("delete", "")) if d]

        for key in dels:
            if key in sets:
                param_error("delete", "you can't use '-%s' and -delete %s' "
                            "at the same time" % (key, key))

        if "revert" in p and not sets and not dels:
            return sets, dels
        if not sets and not dels:
            fail("no options specified")

        self.check_lock(vm, p.get("skiplock", 0))

        if "digest" in p and p["digest"] != cl.config_digest(vm["config"]):
            fail("checksum mismatch (file change by other user?)")

        if "balloon" in sets:
            memory = int(self.normalize_value(0, "memory", sets.get(
                "memory", vm["config"].get("memory", "512")), {}))
            if int(sets["balloon"]) > memory:
                fail("balloon value too large (must be smaller than "
                     "assigned memory)")
        return sets, dels

    def apply_config(self, vmid, sets, dels):
        with self.cluster.lock:
            config = self.cluster.vm(vmid)["config"]
            for key in dels:
                config.pop(key, None)
            for key, value in sets.items():
                config[key] = self.normalize_value(vmid, key, value, config)
            self.save()

    def put_config(self, req, p):
        vm = self.vm(p["node"], p["vmid"])
        sets, dels = self.check_config_request(req, p, vm)

        try:
            self.take_flock(p["vmid"], 10)
        except LockTimeout as err:
            fail(str(err))
        try:
            self.apply_config(p["vmid"], sets, dels)
        finally:
            self.release_flock(p["vmid"])
        return None

    def post_config(self, req, p):
        vm = self.vm(p["node"], p["vmid"])
        sets, dels = self.check_config_request(req, p, vm)
        vmid = p["vmid"]

        def body(ctx):
            if self.cluster.vm(vmid) is None:
                raise TaskError("VM %s does not exist" % vmid)
            for key in sorted(sets):
                if key.startswith(("scsi", "virtio", "sata")):
                    ctx.log("  Logical volume \"vm-%s-disk-1\" created." %
                            vmid)
            ctx.sleep(0.3)
            self.apply_config(vmid, sets, dels)

        upid = self.run_locked(p["node"], "qmconfig", vmid, req, body)
        delay = p.get("background_delay")
        if delay:
            deadline = time.time() + delay
            while time.time() < deadline:
                task, running = self.tasks.find(upid)
                if not running:
                    if task["exitstatus"] != "OK":
                        fail(task["exitstatus"])
                    return None
                time.sleep(0.05)
        return upid

    # --- qemu: clone, template, delete ------------------------------------

    def post_clone(self, req, p):
        node, vmid, newid = p["node"], p["vmid"], p["newid"]
        src = self.vm(node, vmid)
        config = src["config"]
        is_template = bool(config.get("template"))
        full = p.get("full", 0) or not is_template

        if not full and "storage" in p:
            fail("parameter 'storage' not allowed for linked clones")
        if not full and "format" in p:
            fail("parameter 'format' not allowed for linked clones")

        pool = p.get("pool")
        if pool and pool not in self.cluster.data["pools"]:
            raise ApiError(403, "Permission check failed (pool '%s' does "
                                "not exist)" % pool)

        target = p.get("target", node)
        src_store = config.get("scsi0", "local-lvm:").split(":")[0]
        self.check_clone_target(node, target, src_store, p.get("storage"))

        if "snapname" in p and p["snapname"] not in src["snapshots"]:
            fail("snapshot '%s' does not exist" % p["snapname"])

        with self.cluster.lock:
            self.check_lock(src)
            if self.cluster.vm(newid) is not None:
                fail("unable to create VM %d: config file already exists"
                     % newid)
            if not self.cluster.flock(newid).acquire(blocking=False):
                fail(self.lock_text(newid))
            self.cluster.data["vms"][str(newid)] = {
                "node": target, "config": {"lock": "clone"},
                "snapshots": {}, "pool": None}
            self.save()

        body = self.clone_body(p, src, bool(full), target)
        return self.tasks.start(node, "qmclone", vmid, req.user, body,
                                on_end=self.clone_end(newid))

    def check_clone_target(self, node, target, src_store, storage):
        if target not in self.cluster.data["nodes"]:
            fail("no such cluster node '%s'" % target)
        if storage and storage not in cl.STORAGES:
            fail("storage '%s' does not exist" % storage)

        store = storage or src_store
        if target != node and not cl.STORAGES.get(store, {}).get("shared"):
            if storage:
                fail("can't clone to non-shared storage '%s'" % storage)
            fail("can't clone VM to node '%s' (VM uses local storage)"
                 % target)

    def clone_body(self, p, src, full, target):
        vmid, newid = p["vmid"], p["newid"]

        def body(ctx):
            if self.emu.faults.lock_timeout(vmid):
                ctx.sleep(1)
                raise TaskError("clone failed: " + self.lock_text(vmid))

            base = (src["snapshots"][p["snapname"]]["config"]
                    if "snapname" in p else src["config"])
            config = self.cloned_config(base, p, full)
            volid = base.get("scsi0", "local-lvm:none").split(",")[0]
            disk = config.get("scsi0", "local-lvm:none,size=8G")

            if self.style == "9.1":
                ctx.log("creating a clone of VM %s with ID %s" % (vmid, newid))
            kind = "full" if full else "linked"
            ctx.log("create %s clone of drive scsi0 (%s)" % (kind, volid))
            self.copy_disk(ctx, config, full, newid, disk)

            with self.cluster.lock:
                vm = self.cluster.vm(newid)
                vm["config"] = config
                vm["pool"] = p.get("pool")
                self.save()
        return body

    def copy_disk(self, ctx, config, full, newid, disk):
        """Sleeps like storage does; rewrites scsi0 for the clone."""
        store, rest = disk.split(":", 1)
        volid, _, opts = rest.partition(",")
        size = cl.disk_size_bytes(config) or 8 * GIB
        if full:
            ctx.log("  Logical volume \"vm-%s-disk-0\" created." % newid)
            steps = 4
            for i in range(1, steps + 1):
                ctx.sleep(0.5 + size / GIB * 0.25 / steps)
                done = size * i / steps
                ctx.log("transferred %.1f GiB of %.1f GiB (%.2f%%)" % (
                    done / GIB, size / GIB, 100.0 * i / steps))
            new = "%s:vm-%s-disk-0" % (store, newid)
        else:
            ctx.sleep(1.5)
            new = "%s:%s/vm-%s-disk-0" % (store, volid, newid)
        config["scsi0"] = new + ("," + opts if opts else "")

    def cloned_config(self, base, p, full):
        config = copy.deepcopy(base)
        for key in ("template", "lock", "parent", "snapstate"):
            config.pop(key, None)
        for key in [k for k in config if k.startswith("unused")]:
            del config[key]

        for key in [k for k in config if re.match(r"^net\d+$", k)]:
            model = config[key].split(",")[0].split("=")[0]
            rest = config[key].split(",")[1:]
            config[key] = ",".join(["%s=%s" % (model, cl.random_mac())] +
                                   rest)

        config["smbios1"] = "uuid=%s" % uuid.uuid4()
        if "vmgenid" in config:
            config["vmgenid"] = str(uuid.uuid4())
        config["name"] = p.get("name", "Copy-of-VM-%s" %
                               base.get("name", p["vmid"]))
        if "description" in p:
            config["description"] = p["description"]
        if full and p.get("storage"):
            disk = config.get("scsi0", "")
            config["scsi0"] = p["storage"] + ":" + disk.split(":", 1)[-1]
        return config

    def clone_end(self, newid):
        def end(error):
            with self.cluster.lock:
                if error is not None:
                    self.cluster.data["vms"].pop(str(newid), None)
                else:
                    pool = self.cluster.vm(newid).get("pool")
                    if pool and pool not in self.cluster.data["pools"]:
                        self.cluster.vm(newid)["pool"] = None
                self.save()
            self.release_flock(newid)
        return end

    def post_template(self, req, p):
        vm = self.vm(p["node"], p["vmid"])
        vmid = p["vmid"]
        self.template_checks(vm, vmid)

        def body(ctx):
            current = self.cluster.vm(vmid)
            try:
                self.template_checks(current, vmid)
            except ApiError as err:
                raise TaskError(err.message) from None
            ctx.log("  Renamed \"vm-%s-disk-0\" to \"base-%s-disk-0\" in "
                    "volume group \"pve\"" % (vmid, vmid))
            ctx.sleep(1)
            with self.cluster.lock:
                config = current["config"]
                for key in ("scsi0", "virtio0", "sata0"):
                    if key in config:
                        config[key] = config[key].replace(
                            "vm-%s-disk" % vmid, "base-%s-disk" % vmid)
                config["template"] = 1
                self.save()

        return self.run_locked(p["node"], "qmtemplate", vmid, req, body)

    def template_checks(self, vm, vmid):
        if vm["config"].get("template"):
            fail("you can't convert a template to a template")
        if self.cluster.is_running(vmid):
            fail("you can't convert a VM to template if VM is running")
        if vm["snapshots"]:
            fail("unable to create template, because VM contains snapshots")
        self.check_lock(vm)

    def delete_vm(self, req, p):
        vm = self.vm(p["node"], p["vmid"])
        vmid = p["vmid"]
        self.check_root_only(req, p, ["skiplock"])
        if vm["config"].get("protection"):
            fail("can't remove VM %s - protection mode enabled" % vmid)
        if self.cluster.is_running(vmid):
            fail("VM %s is running - destroy failed" % vmid)

        def body(ctx):
            current = self.cluster.vm(vmid)
            if current is None:
                raise TaskError("Configuration file 'nodes/%s/qemu-server/"
                                "%s.conf' does not exist" % (p["node"], vmid))
            lock = current["config"].get("lock")
            if lock and not p.get("skiplock"):
                raise TaskError("VM is locked (%s)" % lock)
            if self.linked_clones_of(vmid):
                raise TaskError("base volume '%s' is still in use by linked "
                                "cloned" % current["config"]["scsi0"]
                                .split(",")[0])

            disk = current["config"].get("scsi0", "").split(",")[0]
            if disk:
                ctx.log("  Logical volume \"%s\" successfully removed." %
                        disk.split(":")[-1].split("/")[-1])
            ctx.sleep(0.8)
            with self.cluster.lock:
                self.cluster.data["vms"].pop(str(vmid), None)
                self.cluster.runtime.pop(str(vmid), None)
                self.save()

        return self.run_locked(p["node"], "qmdestroy", vmid, req, body)

    def linked_clones_of(self, vmid):
        marker = "base-%s-disk" % vmid
        return [v for v, vm in self.cluster.data["vms"].items()
                if v != str(vmid) and marker in vm["config"].get("scsi0", "")]

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

    # --- pools ------------------------------------------------------------

    def pool_entry(self, poolid, kind=None):
        pool = self.cluster.data["pools"][poolid]
        members = []
        if kind in (None, "qemu"):
            members += [self.vm_resource(int(v)) for v, vm in
                        sorted(self.cluster.data["vms"].items())
                        if vm.get("pool") == poolid]
        for store in pool.get("storage", []):
            if kind in (None, "storage"):
                members += [s for s in self.storage_resources()
                            if s["storage"] == store]
        entry = {"poolid": poolid, "members": members}
        if pool.get("comment"):
            entry["comment"] = pool["comment"]
        return entry

    def require_pool(self, poolid):
        if poolid not in self.cluster.data["pools"]:
            fail("pool '%s' does not exist" % poolid)

    def get_pools(self, req, p):
        if "type" in p and "poolid" not in p:
            param_error("type", "type filter requires poolid")
        with self.cluster.lock:
            if "poolid" in p:
                self.require_pool(p["poolid"])
                return [self.pool_entry(p["poolid"], p.get("type"))]
            return [{"poolid": pid, "comment": pool.get("comment", "")}
                    for pid, pool in sorted(
                        self.cluster.data["pools"].items())]

    def get_pool(self, req, p):
        with self.cluster.lock:
            self.require_pool(p["poolid"])
            entry = self.pool_entry(p["poolid"], p.get("type"))
            del entry["poolid"]
            return entry

    def post_pool(self, req, p):
        with self.cluster.lock:
            if p["poolid"] in self.cluster.data["pools"]:
                fail("pool '%s' already exists" % p["poolid"])
            self.cluster.data["pools"][p["poolid"]] = {
                "comment": p.get("comment", "")}
            self.save()
        return None

    def put_pool(self, req, p):
        with self.cluster.lock:
            self.require_pool(p["poolid"])
            pool = self.cluster.data["pools"][p["poolid"]]
            if "comment" in p:
                pool["comment"] = p["comment"]
            vms = [v for v in re.split(r"[,;\s]+", p.get("vms", "")) if v]
            for vmid in vms:
                self.move_to_pool(vmid, p)
            stores = [s for s in re.split(r"[,;\s]+", p.get("storage", ""))
                      if s]
            current = set(pool.get("storage", []))
            current = current - set(stores) if p.get("delete") else \
                current | set(stores)
            pool["storage"] = sorted(current)
            self.save()
        return None

    def move_to_pool(self, vmid, p):
        vm = self.cluster.vm(vmid)
        if vm is None:
            fail("no such VM ('%s')" % vmid)
        if p.get("delete"):
            if vm.get("pool") == p["poolid"]:
                vm["pool"] = None
            return
        if vm.get("pool") and vm["pool"] != p["poolid"] and \
                not p.get("allow-move"):
            fail("VM %s is already a pool member" % vmid)
        vm["pool"] = p["poolid"]

    def delete_pool(self, req, p):
        with self.cluster.lock:
            self.require_pool(p["poolid"])
            for vmid, vm in sorted(self.cluster.data["vms"].items()):
                if vm.get("pool") == p["poolid"]:
                    fail("pool '%s' is not empty (contains VM %s)"
                         % (p["poolid"], vmid))
            del self.cluster.data["pools"][p["poolid"]]
            self.save()
        return None


ROUTES = {
    ("GET", "/version"): Api.get_version,
    ("POST", "/access/ticket"): Api.post_ticket,
    ("POST", "/access/users/{userid}/token/{tokenid}"): Api.post_token,
    ("GET", "/access/acl"): Api.get_acl,
    ("PUT", "/access/acl"): Api.put_acl,
    ("GET", "/cluster/resources"): Api.get_resources,
    ("GET", "/cluster/nextid"): Api.get_nextid,
    ("GET", "/cluster/status"): Api.get_cluster_status,
    ("GET", "/cluster/tasks"): Api.get_cluster_tasks,
    ("GET", "/nodes"): Api.get_nodes,
    ("GET", "/nodes/{node}/status"): Api.get_node_status,
    ("GET", "/nodes/{node}/tasks"): Api.get_node_tasks,
    ("DELETE", "/nodes/{node}/tasks/{upid}"): Api.delete_task,
    ("GET", "/nodes/{node}/tasks/{upid}/status"): Api.get_task_status,
    ("GET", "/nodes/{node}/tasks/{upid}/log"): Api.get_task_log,
    ("GET", "/nodes/{node}/qemu"): Api.get_qemu_list,
    ("DELETE", "/nodes/{node}/qemu/{vmid}"): Api.delete_vm,
    ("POST", "/nodes/{node}/qemu/{vmid}/clone"): Api.post_clone,
    ("POST", "/nodes/{node}/qemu/{vmid}/template"): Api.post_template,
    ("GET", "/nodes/{node}/qemu/{vmid}/config"): Api.get_config,
    ("POST", "/nodes/{node}/qemu/{vmid}/config"): Api.post_config,
    ("PUT", "/nodes/{node}/qemu/{vmid}/config"): Api.put_config,
    ("GET", "/nodes/{node}/qemu/{vmid}/pending"): Api.get_pending,
    ("GET", "/nodes/{node}/qemu/{vmid}/status/current"):
        Api.get_status_current,
    ("POST", "/nodes/{node}/qemu/{vmid}/status/start"): Api.post_start,
    ("POST", "/nodes/{node}/qemu/{vmid}/status/stop"): Api.post_stop,
    ("POST", "/nodes/{node}/qemu/{vmid}/status/shutdown"):
        Api.post_shutdown,
    ("POST", "/nodes/{node}/qemu/{vmid}/status/reboot"): Api.post_reboot,
    ("POST", "/nodes/{node}/qemu/{vmid}/status/reset"): Api.post_reset,
    ("POST", "/nodes/{node}/qemu/{vmid}/status/suspend"): Api.post_suspend,
    ("POST", "/nodes/{node}/qemu/{vmid}/status/resume"): Api.post_resume,
    ("GET", "/nodes/{node}/qemu/{vmid}/snapshot"): Api.get_snapshots,
    ("POST", "/nodes/{node}/qemu/{vmid}/snapshot"): Api.post_snapshot,
    ("DELETE", "/nodes/{node}/qemu/{vmid}/snapshot/{snapname}"):
        Api.delete_snapshot,
    ("POST", "/nodes/{node}/qemu/{vmid}/snapshot/{snapname}/rollback"):
        Api.post_rollback,
    ("POST", "/nodes/{node}/qemu/{vmid}/vncproxy"): Api.post_vncproxy,
    ("GET", "/nodes/{node}/qemu/{vmid}/vncwebsocket"): Api.get_vncwebsocket,
    ("POST", "/nodes/{node}/qemu/{vmid}/agent/exec"): Api.agent_call,
    ("GET", "/nodes/{node}/qemu/{vmid}/agent/exec-status"): Api.agent_call,
    ("GET", "/nodes/{node}/qemu/{vmid}/agent/network-get-interfaces"):
        Api.agent_call,
    ("POST", "/nodes/{node}/qemu/{vmid}/agent/ping"): Api.agent_call,
    ("GET", "/nodes/{node}/qemu/{vmid}/firewall/options"):
        Api.get_fw_options,
    ("PUT", "/nodes/{node}/qemu/{vmid}/firewall/options"):
        Api.put_fw_options,
    ("GET", "/nodes/{node}/qemu/{vmid}/firewall/rules"): Api.get_fw_rules,
    ("POST", "/nodes/{node}/qemu/{vmid}/firewall/rules"): Api.post_fw_rule,
    ("GET", "/pools"): Api.get_pools,
    ("POST", "/pools"): Api.post_pool,
    ("PUT", "/pools"): Api.put_pool,
    ("DELETE", "/pools"): Api.delete_pool,
    ("GET", "/pools/{poolid}"): Api.get_pool,
    ("PUT", "/pools/{poolid}"): Api.put_pool,
    ("DELETE", "/pools/{poolid}"): Api.delete_pool,
}
