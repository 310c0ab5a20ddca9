"""Every route and parameter the emulator serves exists in PVE's schema."""

import json
import os
import re
import sys
import unittest

import harness

sys.path.insert(0, os.path.dirname(harness.EMULATOR))

from pveemu.api import ROUTES  # noqa: E402

SUBSET = os.path.join(os.path.dirname(harness.EMULATOR), "schema",
                      "api-subset-9.1.json")
API_DIR = os.path.join(os.path.dirname(harness.EMULATOR), "pveemu")
FULL = os.path.join(harness.REPO, "..", "shared", "proxmox",
                    "apischema-9.1.min.json")
SAMPLE = {"node": "pve1", "vmid": "9000", "upid":
          "UPID:pve1:00000001:00000001:00000001:qmstart:9000:root@pam:",
          "snapname": "snap1", "poolid": "classcloud", "userid": "root@pam",
          "tokenid": "probe"}


def load_subset():
    with open(SUBSET, encoding="utf-8") as handle:
        return json.load(handle)["endpoints"]


def full_schema_paths():
    """(method, path) pairs of the complete official schema tree."""
    with open(FULL, encoding="utf-8") as handle:
        tree = json.load(handle)

    pairs = set()
    stack = list(tree)
    while stack:
        node = stack.pop()
        for method in node.get("info", {}):
            pairs.add((method, node["path"]))
        stack += node.get("children", [])
    return pairs


class SchemaRoutes(unittest.TestCase):

    def test_every_route_is_in_the_schema_subset(self):
        known = {(e["method"], e["path"]) for e in load_subset()}
        missing = [route for route in ROUTES if route not in known]
        self.assertEqual(missing, [])

    @unittest.skipUnless(os.path.exists(FULL),
                         "full official schema not beside the repo")
    def test_every_route_is_in_the_full_official_schema(self):
        known = full_schema_paths()
        self.assertEqual([r for r in ROUTES if r not in known], [])

    def test_every_parameter_read_by_handlers_is_in_the_schema(self):
        source = ""
        for name in sorted(os.listdir(API_DIR)):
            if name.startswith("api") and name.endswith(".py"):
                with open(os.path.join(API_DIR, name),
                          encoding="utf-8") as handle:
                    source += handle.read()
        used = set(re.findall(r'\bp(?:\.get\(|\[)"([\w-]+)"', source))
        declared = set()
        for endpoint in load_subset():
            if (endpoint["method"], endpoint["path"]) in ROUTES:
                params = endpoint["schema"].get("parameters", {})
                declared |= set(params.get("properties", {}))
        self.assertEqual(sorted(used - declared), [])


class RoutesAnswer(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.emu = harness.Emulator()

    @classmethod
    def tearDownClass(cls):
        cls.emu.stop()

    def concrete(self, path):
        return re.sub(r"\{(\w+)\}", lambda m: SAMPLE[m.group(1)], path)

    def test_every_route_rejects_unknown_parameters(self):
        for method, path in ROUTES:
            if path == "/access/ticket":
                continue
            reply = self.emu.call(method, self.concrete(path),
                                  {"not-a-pve-param": "1"})
            self.assertEqual(reply.status, 400, (method, path, reply.reason))
            self.assertIn("not-a-pve-param", reply.json["errors"])

    def test_schema_paths_without_a_handler_answer_501(self):
        unrouted = [e for e in load_subset()
                    if (e["method"], e["path"]) not in ROUTES]
        self.assertTrue(unrouted)
        for endpoint in unrouted:
            path = re.sub(r"\{(\w+)\}",
                          lambda m: SAMPLE.get(m.group(1), "x"),
                          endpoint["path"])
            reply = self.emu.call(endpoint["method"], path)
            self.assertEqual(reply.status, 501, endpoint["path"])


if __name__ == "__main__":
    unittest.main()
