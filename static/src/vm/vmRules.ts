// What a VM's state allows: which buttons are live and how often to poll.
import type { Job, PowerAction, Vm } from "./types";

export function isJobActive(job: Job | null | undefined): boolean {
  return job != null && (job.state === "queued" || job.state === "running");
}

// A VM that is changing on its own: a job runs or the state is in flux.
export function isVmBusy(vm: Vm): boolean {
  return (
    isJobActive(vm.job) ||
    vm.state === "provisioning" ||
    vm.state === "rebuilding" ||
    vm.state === "destroying"
  );
}

// Buttons only act on a settled VM whose node answers.
function isVmActionable(vm: Vm): boolean {
  return vm.state === "ready" && vm.node_online && !isVmBusy(vm);
}

export function allowedPowerActions(vm: Vm): Set<PowerAction> {
  if (!isVmActionable(vm)) return new Set();

  switch (vm.power_state) {
    case "running":
      return new Set(["shutdown", "reboot", "stop", "reset"]);
    case "stopped":
      return new Set(["start"]);
    case "paused":
      return new Set(["stop", "reset"]);
    case "unknown":
      return new Set(["start", "stop"]);
  }
}

export function canOpenConsole(vm: Vm): boolean {
  return isVmActionable(vm) && vm.power_state === "running";
}

export function canManageSnapshots(vm: Vm): boolean {
  return isVmActionable(vm);
}

// A failed VM can be rebuilt too: that is the way out of "failed".
export function canRebuild(vm: Vm): boolean {
  return (
    (vm.state === "ready" || vm.state === "failed") &&
    vm.node_online &&
    !isJobActive(vm.job)
  );
}

export interface PollInput {
  vms: Vm[];
  // Jobs this page started and still follows (e.g. a VM request).
  followingJobs: number;
  pageHidden: boolean;
  // Failed polls in a row; each one doubles the wait, to a limit.
  failures: number;
}

export const kPollFastMs = 2000;
export const kPollSlowMs = 15000;
export const kPollHiddenMs = 60000;
export const kPollMaxMs = 120000;

// How long to wait before the next GET /api/vms.
export function choosePollInterval(input: PollInput): number {
  const busy = input.followingJobs > 0 || input.vms.some(isVmBusy);
  let wait = busy ? kPollFastMs : kPollSlowMs;
  if (input.pageHidden) wait = Math.max(wait, kPollHiddenMs);

  const backoff = 2 ** Math.min(Math.max(input.failures, 0), 6);

  return Math.min(wait * backoff, kPollMaxMs);
}
