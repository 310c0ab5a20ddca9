"""Holds the emulated cluster (nodes, storages, pools, VMs) and saves it."""

import copy
import hashlib
import json
import os
import random
import threading
import time
import uuid

GIB = 1024 ** 3
MIB = 1024 ** 2

NODE_NAMES = ["pve1", "pve2", "pve3"]
NODE_MAXCPU = 16
NODE_MAXMEM = 64 * GIB
NODE_MAXDISK = 100 * GIB
NODE_BASEMEM = 3 * GIB

STORAGES = {
    "local-lvm": {"shared": 0, "plugintype": "lvmthin",
                  "content": "rootdir,images", "maxdisk": 400 * GIB},
    "shared": {"shared": 1, "plugintype": "nfs",
               "content": "images,iso,vztmpl", "maxdisk": 2048 * GIB},
}


class LockTimeout(Exception):
    """A per-VM flock could not be taken in time."""


def random_mac():
    tail = [random.randint(0, 255) for _ in range(3)]
    return "BC:24:11:%02X:%02X:%02X" % tuple(tail)


def template_config(vmid, name, storage, size, ctime):
    """A config as a freshly converted PVE 9 template looks."""
    return {
        "boot": "order=scsi0;ide2;net0",
        "cores": 1,
        "cpu": "x86-64-v2-AES",
        "ide2": "none,media=cdrom",
        "memory": "2048",
        "meta": "creation-qemu=9.2.0,ctime=%d" % ctime,
        "name": name,
        "net0": "virtio=%s,bridge=vmbr0,firewall=1" % random_mac(),
        "numa": 0,
        "ostype": "l26",
        "scsi0": "%s:base-%d-disk-0,iothread=1,size=%dG"
                 % (storage, vmid, size),
        "scsihw": "virtio-scsi-single",
        "smbios1": "uuid=%s" % uuid.uuid4(),
        "sockets": 1,
        "template": 1,
        "vmgenid": str(uuid.uuid4()),
    }


def default_state():
    """The cluster a new state folder starts with."""
    now = int(time.time())
    vms = {
        "9000": {"node": "pve1", "pool": "classcloud", "snapshots": {},
                 "config": template_config(9000, "debian-lab-template",
                                           "shared", 8, now)},
        "9001": {"node": "pve1", "pool": "classcloud", "snapshots": {},
                 "config": template_config(9001, "alpine-lab-template",
                                           "local-lvm", 2, now)},
    }
    return {
        "version": 1,
        "nodes": {name: {"nodeid": i + 1, "ip": "10.10.0.%d" % (i + 11)}
                  for i, name in enumerate(NODE_NAMES)},
        "pools": {"classcloud": {"comment": "ClassCloud lab VMs"}},
        "vms": vms,
        "tasks": [],
    }


def config_digest(config):
    text = json.dumps(config, sort_keys=True)
    return hashlib.sha1(text.encode()).hexdigest()


def disk_size_bytes(config):
    """Size of the boot disk from `...,size=8G`."""
    for key in ("scsi0", "virtio0", "sata0", "ide0"):
        value = config.get(key, "")
        for part in value.split(","):
            if part.startswith("size="):
                return parse_size(part[5:])
    return 0


def parse_size(text):
    units = {"K": 1024, "M": MIB, "G": GIB, "T": 1024 * GIB}
    if text and text[-1] in units:
        return int(float(text[:-1]) * units[text[-1]])
    return int(text or 0)


def memory_mib(config):
    value = str(config.get("memory", "512"))
    value = value.split(",")[0].replace("current=", "")
    return int(value)


class Cluster:
    """Thread-safe cluster model with atomic JSON persistence."""

    def __init__(self, state_dir):
        self.path = os.path.join(state_dir, "cluster.json")
        self.lock = threading.RLock()
        self.flocks = {}
        self.flock_guard = threading.Lock()
        self.data = self.load()

        # Runtime status is never persisted: QEMU children die with us.
        self.runtime = {}

    def load(self):
        if not os.path.exists(self.path):
            return default_state()

        with open(self.path, encoding="utf-8") as handle:
            return json.load(handle)

    def save(self):
        # No fsync: rename keeps the file whole if we die, and a lost last
        # second after a power cut does not matter for an emulator.
        with self.lock:
            text = json.dumps(self.data, separators=(",", ":"))
            tmp = self.path + ".tmp"

            with open(tmp, "w", encoding="utf-8") as handle:
                handle.write(text)

            os.replace(tmp, self.path)

    # --- VMs -----------------------------------------------------------

    def vm(self, vmid):
        return self.data["vms"].get(str(vmid))

    def vm_on_node(self, node, vmid):
        """Returns the VM or raises the error PVE gives for a wrong node."""
        vm = self.vm(vmid)
        if vm is None or vm["node"] != node:
            raise FileNotFoundError(
                "Configuration file 'nodes/%s/qemu-server/%s.conf' does "
                "not exist" % (node, vmid))
        return vm

    def run_state(self, vmid):
        return self.runtime.setdefault(str(vmid), {"status": "stopped"})

    def is_running(self, vmid):
        return self.run_state(vmid)["status"] == "running"

    def vmids(self):
        return sorted(int(v) for v in self.data["vms"])

    def next_free_id(self, start=100):
        taken = set(self.vmids())
        vmid = start
        while vmid in taken:
            vmid += 1
        return vmid

    def flock(self, vmid):
        with self.flock_guard:
            return self.flocks.setdefault(str(vmid), threading.Lock())

    def copy_config(self, vmid):
        with self.lock:
            return copy.deepcopy(self.vm(vmid)["config"])

    def node_used_mem(self, node):
        used = NODE_BASEMEM
        for vmid, vm in self.data["vms"].items():
            if vm["node"] == node and self.is_running(vmid):
                used += memory_mib(vm["config"]) * MIB
        return used

    def pool_of(self, vmid):
        vm = self.vm(vmid)
        return vm.get("pool") if vm else None
