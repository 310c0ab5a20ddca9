// Start, shut down, reboot, stop and reset, each live only when it fits.
import type { PowerAction, Vm } from "./types";
import { allowedPowerActions } from "./vmRules";

const kButtons: { action: PowerAction; label: string; title: string }[] = [
  { action: "start", label: "Start", title: "Power the VM on" },
  {
    action: "shutdown",
    label: "Shut down",
    title: "Ask the guest to shut down cleanly",
  },
  { action: "reboot", label: "Reboot", title: "Ask the guest to restart" },
  { action: "stop", label: "Stop", title: "Cut the power at once" },
  { action: "reset", label: "Reset", title: "Press the reset button" },
];

interface Props {
  vm: Vm;
  pending: boolean;
  onAction: (action: PowerAction, label: string) => void;
}

export default function PowerButtons({ vm, pending, onAction }: Props) {
  const allowed = allowedPowerActions(vm);

  return (
    <div className="button-row" role="group" aria-label="Power">
      {kButtons.map(({ action, label, title }) => (
        <button
          key={action}
          type="button"
          className="button"
          title={title}
          disabled={pending || !allowed.has(action)}
          onClick={() => onAction(action, label)}
        >
          {label}
        </button>
      ))}
    </div>
  );
}
