"""Handlers for VM listing, status, config, clone, template, delete."""

import copy
import random
import re
import time
import uuid

from . import cluster as cl
from .apibase import NOT_CONFIG, ApiError, fail, param_error
from .cluster import GIB, MIB, LockTimeout
from .tasks import TaskError


class VmCalls:
    """Mixin of Api: reading and reshaping one VM."""

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
