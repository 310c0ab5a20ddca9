"""Handlers for access, cluster, node, task and pool endpoints."""

import random
import re
import time
import uuid

from . import cluster as cl
from .apibase import CAPS, ApiError, fail, param_error
from .cluster import GIB
from .tasks import parse_upid


class ClusterCalls:
    """Mixin of Api: everything that is not one VM."""

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
