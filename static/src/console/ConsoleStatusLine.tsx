// "Connecting…", "Connected" or "Disconnected: why", for people and tests.
import type { ConsoleStatus } from "./useVncConsole";

const kWords = {
  requesting: "Connecting… (asking for a console ticket)",
  connecting: "Connecting…",
  connected: "Connected",
  disconnected: "Disconnected",
};

export default function ConsoleStatusLine({
  status,
}: {
  status: ConsoleStatus;
}) {
  return (
    <p
      className={`console-status console-status-${status.phase}`}
      role="status"
      data-testid="console-status"
      data-phase={status.phase}
      data-connect-ms={status.connectMs ?? undefined}
    >
      {kWords[status.phase]}
      {status.reason && `: ${status.reason}`}
    </p>
  );
}
