// Reads the VM id from #/vms/{id}/console and mounts a fresh console page
// for it, so moving to another VM's console starts a new session.
import { useEffect, useState } from "react";

import { parseConsoleHash } from "./consoleRoute";
import ConsolePage from "./ConsolePage";

export default function ConsoleRoute() {
  const [vmId, setVmId] = useState(() =>
    parseConsoleHash(window.location.hash),
  );

  useEffect(() => {
    const onChange = () => setVmId(parseConsoleHash(window.location.hash));
    window.addEventListener("hashchange", onChange);

    return () => window.removeEventListener("hashchange", onChange);
  }, []);

  if (vmId === null) return null;

  return <ConsolePage key={vmId} vmId={vmId} />;
}
