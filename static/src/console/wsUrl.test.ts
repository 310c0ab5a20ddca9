// The console websocket always goes to the page's own origin.
import { describe, expect, it } from "vitest";

import { consoleWebSocketUrl } from "./wsUrl";

describe("consoleWebSocketUrl", () => {
  it("uses wss on an https page, keeping host, port and query", () => {
    expect(
      consoleWebSocketUrl(
        "https://127.0.0.1:8443/#/vms/3/console",
        "/console/ws?token=abc",
      ),
    ).toBe("wss://127.0.0.1:8443/console/ws?token=abc");
  });

  it("uses ws on an http page", () => {
    expect(
      consoleWebSocketUrl("http://localhost:5173/", "/console/ws?token=x"),
    ).toBe("ws://localhost:5173/console/ws?token=x");
  });

  it("refuses paths that would leave the origin", () => {
    const page = "https://cc.example.edu/";
    expect(consoleWebSocketUrl(page, "//evil.example/ws")).toBeNull();
    expect(consoleWebSocketUrl(page, "/\\evil.example/ws")).toBeNull();
    expect(consoleWebSocketUrl(page, "wss://evil.example/ws")).toBeNull();
    expect(consoleWebSocketUrl(page, "console/ws")).toBeNull();
  });
});
