// Behaviour of parseRoute, which maps the URL hash to a page.
import { describe, expect, it } from "vitest";

import { parseRoute } from "./route";

describe("parseRoute", () => {
  it("treats an empty hash and #/ as home", () => {
    expect(parseRoute("")).toBe("home");
    expect(parseRoute("#")).toBe("home");
    expect(parseRoute("#/")).toBe("home");
  });

  it("finds the login page with or without a trailing slash", () => {
    expect(parseRoute("#/login")).toBe("login");
    expect(parseRoute("#/login/")).toBe("login");
  });

  it("reports anything else as unknown", () => {
    expect(parseRoute("#/nope")).toBe("unknown");
  });
});

describe("parseRoute for the console", () => {
  it("finds a VM's console page", () => {
    expect(parseRoute("#/vms/12/console")).toBe("vm-console");
    expect(parseRoute("#/vms/12/console/")).toBe("vm-console");
  });

  it("refuses ids that are not positive numbers", () => {
    expect(parseRoute("#/vms/0/console")).toBe("unknown");
    expect(parseRoute("#/vms/abc/console")).toBe("unknown");
    expect(parseRoute("#/vms/12")).toBe("unknown");
  });
});
