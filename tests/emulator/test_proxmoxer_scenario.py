"""An admin's full VM lifecycle through Debian's proxmoxer, shapes checked."""

import os
import time
import unittest

import harness

try:
    from proxmoxer import ProxmoxAPI
    from proxmoxer.core import ResourceException
except ImportError:  # the bootstrap installs python3-proxmoxer
    ProxmoxAPI = None


def wait(api, upid, timeout=30):
    node = upid.split(":")[1]
    deadline = time.time() + timeout
    while time.time() < deadline:
        status = api.nodes(node).tasks(upid).status.get()
        if status["status"] == "stopped":
            return status
        time.sleep(0.05)
    raise AssertionError("task %s still running" % upid)


@unittest.skipIf(ProxmoxAPI is None, "python3-proxmoxer is not installed")
class ProxmoxerScenario(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.emu = harness.Emulator()
        cls.recorded = harness.load_recorded()
        creds = cls.emu.creds
        cert = os.path.join(cls.emu.state, "pve-ssl.pem")
        cls.ticket_api = ProxmoxAPI(
            cls.emu.host, port=cls.emu.port, user=creds["user"],
            password=creds["password"], verify_ssl=cert, backend="https")
        user, token = creds["token_id"].split("!")
        cls.token_api = ProxmoxAPI(
            cls.emu.host, port=cls.emu.port, user=user, token_name=token,
            token_value=creds["token_secret"], verify_ssl=cert,
            backend="https")

    @classmethod
    def tearDownClass(cls):
        cls.emu.stop()

    def assert_shape(self, example_id, ours, optional=(), index=None):
        recorded = self.recorded[example_id]["body"]["data"]
        if index is not None:
            recorded = recorded[index]
        elif isinstance(recorded, list) and not isinstance(ours, list):
            recorded = recorded[0]
        problems = harness.shape_diff(recorded, ours, optional=optional)
        self.assertEqual(problems, [], example_id)

    def test_full_lifecycle_with_ticket_and_token(self):
        tapi, api = self.ticket_api, self.token_api

        nodes = tapi.nodes.get()
        self.assertEqual(sorted(n["node"] for n in nodes),
                         ["pve1", "pve2", "pve3"])
        self.assert_shape("nodes-list", nodes[0])
        self.assert_shape("nodes-list", api.nodes.get()[0])

        newid = api.cluster.nextid.get()
        self.assertIsInstance(newid, str)
        self.assert_shape("nextid-ok", newid)

        upid = tapi.nodes("pve1").qemu(9000).clone.post(
            newid=newid, name="student-1", pool="classcloud")
        self.assertRegex(upid, r"^UPID:pve1:[0-9A-F]{8}:[0-9A-F]{8,9}:"
                         r"[0-9A-F]{8}:qmclone:9000:root@pam:$")
        status = wait(tapi, upid)
        self.assertEqual(status["exitstatus"], "OK")
        self.assert_shape("task-status-stopped-error", status)

        vm = tapi.nodes("pve1").qemu(newid)
        config = vm.config.get()
        self.assert_shape("qemu-config-vm", config)
        self.assertNotIn("template", config)
        self.assertIn("base-9000-disk-0/vm-%s-disk-0" % newid,
                      config["scsi0"])

        upid = vm.config.post(cores=2, memory=1024, agent=1,
                              net0="virtio,bridge=vmbr0,tag=42")
        self.assertEqual(wait(tapi, upid)["exitstatus"], "OK")
        config = vm.config.get()
        self.assertEqual(config["cores"], 2)
        self.assertEqual(config["memory"], "1024")
        self.assertRegex(config["net0"], r"^virtio=BC:24:11:[0-9A-F:]{8},"
                         r"bridge=vmbr0,tag=42$")

        self.assertEqual(wait(api, vm.status.start.post())["exitstatus"],
                         "OK")
        current = vm.status.current.get()
        self.assertEqual(current["status"], "running")
        self.assert_shape("qemu-status-current-running", current,
                          optional=("ide2", "tap1001i0"))

        console = vm.vncproxy.post(websocket=1)
        self.assertIsInstance(console["port"], str)
        self.assertIn("PVEVNC:", console["ticket"])
        self.assertTrue(console["cert"].startswith("-----BEGIN"))

        self.snapshot_cycle(tapi, vm)

        upid = vm.status.shutdown.post(timeout=30)
        self.assertEqual(wait(tapi, upid)["exitstatus"], "OK")
        self.assertEqual(vm.status.current.get()["status"], "stopped")

        self.check_listings(api, newid)

        self.assertEqual(wait(tapi, vm.delete(purge=1))["exitstatus"], "OK")
        with self.assertRaises(ResourceException) as caught:
            vm.config.get()
        self.assertEqual(caught.exception.status_code, 500)

    def snapshot_cycle(self, tapi, vm):
        upid = vm.snapshot.post(snapname="before", description="clean")
        self.assertEqual(wait(tapi, upid)["exitstatus"], "OK")

        vm.config.put(cores=4)
        self.assertEqual(vm.config.get()["cores"], 4)

        upid = vm.snapshot("before").rollback.post()
        self.assertEqual(wait(tapi, upid)["exitstatus"], "OK")
        self.assertEqual(vm.config.get()["cores"], 2)
        names = [s["name"] for s in vm.snapshot.get()]
        self.assertEqual(sorted(names), ["before", "current"])

        self.assertEqual(wait(tapi, vm.snapshot("before").delete())[
            "exitstatus"], "OK")
        self.assertEqual([s["name"] for s in vm.snapshot.get()],
                         ["current"])

        # Rollback stops the VM, as PVE does for snapshots without RAM.
        self.assertEqual(wait(tapi, vm.status.start.post())["exitstatus"],
                         "OK")

    def check_listings(self, api, newid):
        status = api.cluster.status.get()
        self.assert_shape("cluster-status", status[0], index=0)
        self.assert_shape("cluster-status", status[1], index=1)

        resources = api.cluster.resources.get(type="vm")
        self.assertTrue(all(r["type"] == "qemu" for r in resources))
        self.assert_shape("cluster-resources-vm", resources[0], index=0,
                          optional=("tags",))

        self.assert_shape("node-status", api.nodes("pve1").status.get())
        pool = api.pools("classcloud").get()
        self.assertIn(int(newid), [m["vmid"] for m in pool["members"]])
        self.assert_shape("pool-get", {"comment": pool["comment"],
                                       "members": pool["members"][:1]})

        template = api.nodes("pve1").qemu(9000).config.get()
        self.assert_shape("qemu-config-template", template,
                          optional=("tags",))

    def test_ticket_login_shape_and_renewal(self):
        reply = self.emu.login()
        # PVE 9 replaced VM.Monitor by the VM.GuestAgent.* privileges.
        self.assert_shape("auth-ticket-ok", reply.data,
                          optional=("VM.Monitor",))
        self.assertRegex(reply.data["ticket"],
                         r"^PVE:root@pam:[0-9A-F]{8}::[A-Za-z0-9+/=]+$")
        self.assertNotIn("set-cookie", reply.headers)

        renewed = self.emu.call("POST", "/access/ticket", {
            "username": "root@pam", "password": reply.data["ticket"]},
            auth=None)
        self.assertEqual(renewed.status, 200)


if __name__ == "__main__":
    unittest.main()
