"""Auth, CSRF, validation messages, locks and every fault switch."""

import threading
import time
import unittest

import harness

VM = "/nodes/pve1/qemu/%d"


class EmulatorCase(unittest.TestCase):
    extra = ()

    @classmethod
    def setUpClass(cls):
        cls.emu = harness.Emulator(*cls.extra)

    @classmethod
    def tearDownClass(cls):
        cls.emu.stop()

    def tearDown(self):
        reply = self.emu.send("DELETE", "/_emulator/faults", None,
                              self.emu.token_header())
        self.assertEqual(reply.status, 200)

    def assert_error(self, reply, status, reason):
        self.assertEqual((reply.status, reply.reason), (status, reason))
        self.assertEqual(reply.headers.get("connection"), "close")

    def clone_ok(self, newid, **extra):
        status = self.emu.wait_task(self.emu.clone(newid, **extra))
        self.assertEqual(status["exitstatus"], "OK")
        return VM % newid


class AuthTest(EmulatorCase):

    def test_no_credentials_is_401_no_ticket_with_empty_body(self):
        started = time.monotonic()
        reply = self.emu.call("GET", "/nodes", auth=None)
        self.assert_error(reply, 401, "No ticket")
        self.assertEqual(reply.raw, b"")
        self.assertGreaterEqual(time.monotonic() - started, 0.15)

    def test_bad_login_is_401_authentication_failure(self):
        reply = self.emu.call("POST", "/access/ticket", {
            "username": "root@pam", "password": "wrong"}, auth=None)
        self.assert_error(reply, 401, "authentication failure")
        self.assertEqual(reply.json["message"], "authentication failure\n")

    def test_ticket_write_needs_csrf_token(self):
        self.emu.login()
        headers = self.emu.ticket_headers(csrf=False)
        reply = self.emu.call("POST", "/pools", {"poolid": "nocsrf"},
                              auth=None, headers=headers)
        self.assert_error(reply, 401,
                          "Permission denied - invalid csrf token")
        self.assertEqual(reply.raw, b"")

        reply = self.emu.call("POST", "/pools", {"poolid": "withcsrf"},
                              auth="ticket")
        self.assertEqual(reply.status, 200)
        self.assertIsNone(reply.data)

    def test_token_writes_without_csrf_and_bad_secret_fails(self):
        reply = self.emu.call("POST", "/pools", {"poolid": "bytoken"})
        self.assertEqual(reply.status, 200)

        bad = {"Authorization": "PVEAPIToken=%s=%s" % (
            self.emu.creds["token_id"], "0" * 36)}
        reply = self.emu.call("GET", "/nodes", auth=None, headers=bad)
        self.assert_error(reply, 401, "Authentication failed!")

    def test_invalidated_tickets_stop_working(self):
        self.emu.login()
        self.assertEqual(self.emu.call("GET", "/nodes", auth="ticket")
                         .status, 200)
        self.emu.faults({"invalidate_tickets": True})
        reply = self.emu.call("GET", "/nodes", auth="ticket")
        self.assert_error(reply, 401, "Authentication failed!")

    def test_created_token_works(self):
        reply = self.emu.call("POST",
                              "/access/users/root@pam/token/ci-runner",
                              {"privsep": 0})
        self.assertEqual(reply.data["full-tokenid"], "root@pam!ci-runner")
        header = {"Authorization": "PVEAPIToken=root@pam!ci-runner=" +
                  reply.data["value"]}
        self.assertEqual(self.emu.call("GET", "/version", auth=None,
                                       headers=header).status, 200)


class ValidationTest(EmulatorCase):

    def errors_of(self, method, path, params):
        reply = self.emu.call(method, path, params)
        self.assert_error(reply, 400, "Parameter verification failed.")
        self.assertIsNone(reply.json["data"])
        return reply.json["errors"]

    def test_messages_match_proxmox(self):
        errors = self.errors_of("POST", VM % 9000 + "/clone",
                                {"newid": 500, "full": "true", "x": "1"})
        self.assertEqual(errors["full"],
                         "type check ('boolean') failed - got 'true'")
        self.assertEqual(errors["x"], "property is not defined in schema "
                         "and the schema does not allow additional "
                         "properties")

        errors = self.errors_of("POST", VM % 9000 + "/clone", {})
        self.assertEqual(errors["newid"],
                         "property is missing and it is not optional")

        errors = self.errors_of("POST", VM % 9000 + "/clone",
                                {"newid": "abc"})
        self.assertEqual(errors["newid"],
                         "type check ('integer') failed - got 'abc'")

        errors = self.errors_of("PUT", VM % 9000 + "/config",
                                {"name": ["a", "b"]})
        self.assertEqual(errors["name"],
                         "type check ('string') failed - got ARRAY")

        errors = self.errors_of("PUT", VM % 9000 + "/config",
                                {"net0": "virtio,bridge=vmbr0,tag=5000"})
        self.assertIn("net0.tag: value must have a maximum value of 4094",
                      errors["net0"])

    def test_nextid_is_a_string_and_taken_id_is_400(self):
        self.assertEqual(self.emu.call("GET", "/cluster/nextid").data, "100")
        errors = self.errors_of("GET", "/cluster/nextid", {"vmid": 9000})
        self.assertEqual(errors, {"vmid": "VM 9000 already exists"})

    def test_unknown_paths_answer_501(self):
        reply = self.emu.call("GET", "/nodes/pve1/lxc")
        self.assert_error(reply, 501,
                          "Method 'GET /nodes/pve1/lxc' not implemented")
        reply = self.emu.call("GET", None, raw_path="/api2/yaml/version")
        self.assertEqual(reply.status, 501)
        reply = self.emu.call("PATCH", "/version")
        self.assertEqual(reply.status, 501)

    def test_missing_vm_is_500_config_does_not_exist(self):
        reply = self.emu.call("GET", VM % 777 + "/config")
        self.assert_error(reply, 500, "Configuration file "
                          "'nodes/pve1/qemu-server/777.conf' does not exist")

    def test_parallel_clones_to_one_newid_race(self):
        results = []

        def clone():
            results.append(self.emu.call("POST", VM % 9000 + "/clone",
                                         {"newid": 300}))

        threads = [threading.Thread(target=clone) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        statuses = sorted(r.status for r in results)
        self.assertEqual(statuses, [200, 500])
        loser = [r for r in results if r.status == 500][0]
        self.assertEqual(loser.reason, "unable to create VM 300: config "
                         "file already exists")


class LockTest(EmulatorCase):
    extra = ("--time-factor", "1")

    def test_vm_being_cloned_is_locked(self):
        upid = self.emu.clone(400)
        config = self.emu.call("GET", VM % 400 + "/config").data
        self.assertEqual(config["lock"], "clone")
        current = self.emu.call("GET", VM % 400 + "/status/current").data
        self.assertEqual(current["lock"], "clone")

        reply = self.emu.call("PUT", VM % 400 + "/config", {"cores": 2})
        self.assert_error(reply, 500, "VM is locked (clone)")

        # start waits for the clone's flock and then goes ahead.
        start = self.emu.call("POST", VM % 400 + "/status/start").data
        self.assertEqual(self.emu.wait_task(upid)["exitstatus"], "OK")
        self.assertEqual(self.emu.wait_task(start)["exitstatus"], "OK")
        current = self.emu.call("GET", VM % 400 + "/status/current").data
        self.assertNotIn("lock", current)
        self.assertEqual(current["status"], "running")


class FaultTest(EmulatorCase):

    def test_latency(self):
        self.emu.faults({"latency": [{"path": "^/version$", "ms": 300}]})
        started = time.monotonic()
        self.assertEqual(self.emu.call("GET", "/version").status, 200)
        self.assertGreaterEqual(time.monotonic() - started, 0.3)

    def test_injected_596_then_recovery(self):
        self.emu.faults({"errors": [{"path": "^/cluster/resources",
                                     "status": 596, "count": 1}]})
        reply = self.emu.call("GET", "/cluster/resources")
        self.assert_error(reply, 596, "Connection timed out")
        self.assertEqual(self.emu.call("GET", "/cluster/resources").status,
                         200)

    def test_injected_503_on_writes_only(self):
        self.emu.faults({"errors": [{"path": "/status/", "method": "POST",
                                     "status": 503}]})
        reply = self.emu.call("POST", VM % 9001 + "/status/start")
        self.assertEqual(reply.status, 503)
        self.assertEqual(self.emu.call("GET", VM % 9001 + "/status/current")
                         .status, 200)

    def test_lock_timeout(self):
        vm = self.clone_ok(500)
        self.emu.faults({"lock_timeout": [500]})
        reply = self.emu.call("PUT", vm + "/config", {"cores": 2})
        self.assert_error(reply, 500, "can't lock file "
                          "'/var/lock/qemu-server/lock-500.conf' - got "
                          "timeout")
        upid = self.emu.call("POST", vm + "/status/start").data
        status = self.emu.wait_task(upid)
        self.assertEqual(status["exitstatus"], "can't lock file "
                         "'/var/lock/qemu-server/lock-500.conf' - got "
                         "timeout")

    def test_task_failure_and_warnings(self):
        vm = self.clone_ok(501)
        self.emu.faults({"task_fail": [{"type": "qmstart",
                                        "message": "start failed: boom"}],
                         "task_warn": [{"type": "qmconfig",
                                        "message": "disk is slow"}]})
        upid = self.emu.call("POST", vm + "/status/start").data
        self.assertEqual(self.emu.wait_task(upid)["exitstatus"],
                         "start failed: boom")
        self.assertEqual(self.emu.task_log(upid)[-1],
                         "TASK ERROR: start failed: boom")

        upid = self.emu.call("POST", vm + "/config", {"cores": 2}).data
        self.assertEqual(self.emu.wait_task(upid)["exitstatus"],
                         "WARNINGS: 1")
        log = self.emu.task_log(upid)
        self.assertIn("WARN: disk is slow", log)
        self.assertEqual(log[-1], "TASK WARNINGS: 1")

    def test_node_offline(self):
        self.emu.faults({"node_offline": ["pve2"]})
        reply = self.emu.call("GET", "/nodes/pve2/status")
        self.assertEqual(reply.status, 595)
        nodes = {n["node"]: n for n in self.emu.call("GET", "/nodes").data}
        self.assertEqual(nodes["pve2"]["status"], "offline")
        members = self.emu.call("GET", "/cluster/status").data
        online = {m["name"]: m["online"] for m in members
                  if m["type"] == "node"}
        self.assertEqual(online, {"pve1": 1, "pve2": 0, "pve3": 1})

    def test_guest_ignoring_powerdown(self):
        vm = self.clone_ok(502)
        self.emu.wait_task(self.emu.call("POST", vm + "/status/start").data)
        self.emu.faults({"guest_ignores_powerdown": [502]})

        upid = self.emu.call("POST", vm + "/status/shutdown",
                             {"timeout": 2}).data
        self.assertEqual(self.emu.wait_task(upid)["exitstatus"],
                         "VM quit/powerdown failed - got timeout")

        upid = self.emu.call("POST", vm + "/status/shutdown",
                             {"timeout": 2, "forceStop": 1}).data
        self.assertEqual(self.emu.wait_task(upid)["exitstatus"], "OK")
        self.assertIn("VM still running - terminating now with SIGTERM",
                      self.emu.task_log(upid))

    def test_bad_fault_document_is_400(self):
        reply = self.emu.faults({"nonsense": []})
        self.assertEqual(reply.status, 400)


class Style84Test(EmulatorCase):
    extra = ("--api-style", "8.4")

    def test_old_auth_texts_and_ticket_as_vnc_password(self):
        bad = {"Cookie": "PVEAuthCookie=PVE:root@pam:00000000::AAAA"}
        reply = self.emu.call("GET", "/nodes", auth=None, headers=bad)
        self.assert_error(reply, 401,
                          "permission denied - invalid PVE ticket")

        self.assertEqual(self.emu.call("GET", "/version").data["release"],
                         "8.4")
        vm = self.clone_ok(600)
        self.emu.wait_task(self.emu.call("POST", vm + "/status/start").data)
        proxy = self.emu.call("POST", vm + "/vncproxy",
                              {"websocket": 1}).data
        self.assertNotIn("password", proxy)
        self.assertTrue(proxy["ticket"].startswith("PVEVNC:"))


class Style74Test(EmulatorCase):
    extra = ("--api-style", "7.4")

    def test_errors_without_message_and_memory_as_number(self):
        reply = self.emu.call("GET", VM % 777 + "/config")
        self.assertEqual(reply.json, {"data": None})
        config = self.emu.call("GET", VM % 9000 + "/config").data
        self.assertEqual(config["memory"], 2048)


class ExpiryTest(EmulatorCase):
    extra = ("--time-factor", "0.0005")

    def test_ticket_expires_after_scaled_two_hours(self):
        self.emu.login()
        self.assertEqual(self.emu.call("GET", "/nodes", auth="ticket")
                         .status, 200)
        time.sleep(4)
        reply = self.emu.call("GET", "/nodes", auth="ticket")
        self.assert_error(reply, 401, "Authentication failed!")


if __name__ == "__main__":
    unittest.main()
