// Which buttons a VM allows and how often the dashboard polls.
import { describe, expect, it } from "vitest";

import type { Job, Vm } from "./types";
import {
  allowedPowerActions,
  canOpenConsole,
  canRebuild,
  choosePollInterval,
  kPollFastMs,
  kPollHiddenMs,
  kPollMaxMs,
  kPollSlowMs,
} from "./vmRules";

function job(state: Job["state"]): Job {
  return {
    id: 1,
    kind: "power",
    state,
    steps: [],
    error: null,
    created_at: "",
    updated_at: "",
  };
}

function vm(fields: Partial<Vm> = {}): Vm {
  return {
    id: 7,
    name: "lab-7",
    course: { id: 1, code: "CS101", name: "Intro" },
    template: { id: 1, name: "debian" },
    owner: { id: 3, email: "s@example.edu", display_name: "S" },
    state: "ready",
    power_state: "stopped",
    node: "pve1",
    node_online: true,
    vmid: 107,
    cores: 1,
    memory_mb: 512,
    job: null,
    last_error: null,
    snapshot_limit: 3,
    updated_at: "",
    ...fields,
  };
}

describe("allowedPowerActions", () => {
  it("offers only start for a stopped VM", () => {
    expect([...allowedPowerActions(vm())]).toEqual(["start"]);
  });

  it("offers shutdown, reboot, stop and reset for a running VM", () => {
    const actions = allowedPowerActions(vm({ power_state: "running" }));
    expect([...actions].sort()).toEqual([
      "reboot",
      "reset",
      "shutdown",
      "stop",
    ]);
  });

  it("offers nothing while a job runs or the VM is being cloned", () => {
    expect(allowedPowerActions(vm({ job: job("running") })).size).toBe(0);
    expect(allowedPowerActions(vm({ job: job("queued") })).size).toBe(0);
    expect(allowedPowerActions(vm({ state: "provisioning" })).size).toBe(0);
  });

  it("offers nothing when the node is offline", () => {
    const offline = vm({ power_state: "running", node_online: false });
    expect(allowedPowerActions(offline).size).toBe(0);
    expect(canOpenConsole(offline)).toBe(false);
  });

  it("ignores a finished job", () => {
    expect(allowedPowerActions(vm({ job: job("failed") })).has("start")).toBe(
      true,
    );
  });
});

describe("canOpenConsole and canRebuild", () => {
  it("opens the console only on a running, settled VM", () => {
    expect(canOpenConsole(vm({ power_state: "running" }))).toBe(true);
    expect(canOpenConsole(vm())).toBe(false);
  });

  it("lets a failed VM be rebuilt but not one with a running job", () => {
    expect(canRebuild(vm({ state: "failed" }))).toBe(true);
    expect(canRebuild(vm({ job: job("running") }))).toBe(false);
  });
});

describe("choosePollInterval", () => {
  const base = {
    vms: [vm()],
    followingJobs: 0,
    pageHidden: false,
    failures: 0,
  };

  it("polls slowly when nothing is changing", () => {
    expect(choosePollInterval(base)).toBe(kPollSlowMs);
  });

  it("polls fast while a VM has an active job or is in flux", () => {
    expect(
      choosePollInterval({ ...base, vms: [vm({ job: job("queued") })] }),
    ).toBe(kPollFastMs);
    expect(
      choosePollInterval({ ...base, vms: [vm({ state: "rebuilding" })] }),
    ).toBe(kPollFastMs);
  });

  it("polls fast while following a job of its own", () => {
    expect(choosePollInterval({ ...base, vms: [], followingJobs: 1 })).toBe(
      kPollFastMs,
    );
  });

  it("slows down in a hidden tab", () => {
    expect(choosePollInterval({ ...base, pageHidden: true })).toBe(
      kPollHiddenMs,
    );
  });

  it("backs off after failures, up to a limit", () => {
    expect(choosePollInterval({ ...base, failures: 1 })).toBe(kPollSlowMs * 2);
    expect(choosePollInterval({ ...base, failures: 50 })).toBe(kPollMaxMs);
  });
});
