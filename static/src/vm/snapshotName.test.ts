// Snapshot names are checked in the page the way Proxmox checks them.
import { describe, expect, it } from "vitest";

import { snapshotNameProblem } from "./snapshotName";

describe("snapshotNameProblem", () => {
  it("accepts letters, digits, '-' and '_' after a first letter", () => {
    expect(snapshotNameProblem("before-lab2")).toBeNull();
    expect(snapshotNameProblem("Clean_Install_1")).toBeNull();
    expect(snapshotNameProblem("ab")).toBeNull();
  });

  it("accepts exactly 40 characters and refuses 41", () => {
    expect(snapshotNameProblem("a".repeat(40))).toBeNull();
    expect(snapshotNameProblem("a".repeat(41))).toMatch(/at most 40/);
  });

  it("refuses an empty name", () => {
    expect(snapshotNameProblem("")).toMatch(/name/);
  });

  it("refuses a name that starts with a digit, '-' or '_'", () => {
    for (const name of ["1st", "-x", "_x"])
      expect(snapshotNameProblem(name)).toMatch(/letter/);
  });

  it("refuses spaces, dots and other characters", () => {
    for (const name of ["my snap", "v1.0", "a/b", "snäp", "a;rm"])
      expect(snapshotNameProblem(name)).toMatch(/only letters/);
  });

  it("refuses a single letter, which pve-configid does not match", () => {
    expect(snapshotNameProblem("a")).toMatch(/at least 2/);
  });

  it("refuses Proxmox's reserved names", () => {
    expect(snapshotNameProblem("current")).toMatch(/reserved/);
    expect(snapshotNameProblem("pending")).toMatch(/reserved/);
  });
});
