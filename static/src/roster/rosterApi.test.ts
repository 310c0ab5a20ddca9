// Roster page helpers: the upload query, the progress fraction, routes.
import { describe, expect, it } from "vitest";

import { courseIdFromHash, parseRoute } from "../route";
import { importProgress, rosterQuery, type Import } from "./rosterApi";
import { tokenFromHash } from "./SetPasswordPage";

const base: Import = {
  id: 1,
  state: "done",
  added: 4,
  kept: 0,
  dropped: 0,
  accounts_created: 4,
  jobs_created: 4,
  mail: { queued: 4, sending: 0, sent: 0, failed: 0 },
  vms: { total: 4, provisioning: 4, ready: 0, failed: 0, running: 0 },
};

describe("rosterQuery", () => {
  it("asks for a preview in add mode by default", () => {
    expect(rosterQuery({ sync: false, destroyVms: true }, true)).toBe(
      "?dry_run=1",
    );
  });

  it("sends destroy_vms only with sync", () => {
    expect(rosterQuery({ sync: true, destroyVms: true }, false)).toBe(
      "?mode=sync&destroy_vms=1",
    );
  });
});

describe("importProgress", () => {
  it("is zero before any mail or VM is done", () => {
    expect(importProgress(base)).toBe(0);
  });

  it("is one when all mail went out and all VMs run", () => {
    const done = {
      ...base,
      mail: { ...base.mail, queued: 0, sent: 4 },
      vms: { ...base.vms, provisioning: 0, ready: 4, running: 4 },
    };
    expect(importProgress(done)).toBe(1);
  });
});

describe("course routes", () => {
  it("parses course pages and the set-password link", () => {
    expect(parseRoute("#/courses")).toBe("courses");
    expect(parseRoute("#/courses/12")).toBe("course");
    expect(courseIdFromHash("#/courses/12")).toBe(12);
    expect(parseRoute("#/set-password?token=abc")).toBe("set-password");
    expect(tokenFromHash("#/set-password?token=abc")).toBe("abc");
  });
});
