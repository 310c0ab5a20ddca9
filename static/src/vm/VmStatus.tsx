// One line of badges saying what a VM is doing, with data attributes the
// browser tests read.
import type { Vm } from "./types";

const kStateWords: Record<Vm["state"], string> = {
  provisioning: "Being created",
  ready: "Ready",
  failed: "Failed",
  rebuilding: "Being rebuilt",
  destroying: "Being removed",
};

const kPowerWords: Record<Vm["power_state"], string> = {
  running: "Running",
  stopped: "Stopped",
  paused: "Paused",
  unknown: "Power unknown",
};

export default function VmStatus({ vm }: { vm: Vm }) {
  return (
    <p className="vm-status" data-testid="vm-status">
      <span className={`badge badge-${vm.state}`} data-testid="vm-state">
        {kStateWords[vm.state] ?? vm.state}
      </span>
      {vm.state === "ready" && (
        <span
          className={`badge badge-power-${vm.power_state}`}
          data-testid="vm-power"
        >
          {vm.node_online ? kPowerWords[vm.power_state] : "Node offline"}
        </span>
      )}
    </p>
  );
}
