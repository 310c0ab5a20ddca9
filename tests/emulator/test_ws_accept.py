"""Regression: the websocket accept key was computed with a mistyped RFC
6455 GUID, so browsers refused every console upgrade while the emulator's
own client, sharing the mistake, did not notice."""

import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..",
                                "tools", "pve-emulator"))

from pveemu.console import accept_key  # noqa: E402


class WebsocketAcceptKey(unittest.TestCase):
    def test_matches_the_example_of_rfc_6455(self):
        self.assertEqual(accept_key("dGhlIHNhbXBsZSBub25jZQ=="),
                         "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")


if __name__ == "__main__":
    unittest.main()
