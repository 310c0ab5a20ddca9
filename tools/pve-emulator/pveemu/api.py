"""Implements the /api2/json endpoints on top of the cluster model."""

import copy
import time

from . import cluster as cl
from .api_cluster import ClusterCalls
from .api_power import PowerCalls
from .api_vm import VmCalls
from .apibase import VERSIONS, ApiError, Request, fail, param_error
from .cluster import LockTimeout
from .tasks import TaskError

__all__ = ["Api", "ApiError", "Request", "ROUTES"]


class Api(ClusterCalls, VmCalls, PowerCalls):
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
