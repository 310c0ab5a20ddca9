// Follows an import from accounts and mail to running VMs, polling its
// state every few seconds until everything has settled.
import { useEffect, useState } from "react";

import { getImport, importProgress, type Import } from "./rosterApi";

interface Props {
  courseId: number;
  importId: number;
}

const POLL_MS = 3000;

export default function ImportProgress({ courseId, importId }: Props) {
  const [current, setCurrent] = useState<Import | null>(null);

  useEffect(() => {
    let stopped = false;
    let timer = 0;
    async function poll() {
      try {
        const next = await getImport(courseId, importId);
        if (stopped) return;
        setCurrent(next);
        if (importProgress(next) >= 1) return;
      } catch {
        // A failed poll is retried at the next tick.
      }
      timer = window.setTimeout(poll, POLL_MS);
    }
    void poll();

    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [courseId, importId]);

  if (current === null) return <p className="status-line">Importing…</p>;

  const fraction = importProgress(current);
  return (
    <div className="progress-block" role="status">
      <span>
        Import {current.id}: {current.added} added ({current.accounts_created}{" "}
        new accounts), {current.kept} kept, {current.dropped} dropped.
      </span>
      <progress value={fraction} max={1} aria-label="Import progress" />
      <span className="muted">
        Mail {current.mail.sent} sent, {current.mail.queued} waiting,{" "}
        {current.mail.failed} failed · VMs {current.vms.running} running,{" "}
        {current.vms.provisioning} being made, {current.vms.failed} failed
      </span>
    </div>
  );
}
