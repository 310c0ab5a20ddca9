// One VM: its live state, job progress, buttons, snapshots and rebuild.
import { useState } from "react";

import type { ApiError } from "../api";
import ErrorNotice from "../components/ErrorNotice";
import { consoleHash } from "../console/consoleRoute";
import JobProgress from "./JobProgress";
import NodeOfflineNotice from "./NodeOfflineNotice";
import PowerButtons from "./PowerButtons";
import SnapshotPanel from "./SnapshotPanel";
import { toApiError } from "./toApiError";
import type { Job, Vm } from "./types";
import type { FollowedJob } from "./useVmList";
import { runPowerAction } from "./vmApi";
import { canOpenConsole, isJobActive } from "./vmRules";
import VmLifecycle from "./VmLifecycle";
import VmStatus from "./VmStatus";

interface Props {
  vm: Vm;
  followed: FollowedJob | undefined;
  canDestroy: boolean;
  onJob: (entry: FollowedJob) => void;
  onDismiss: (jobId: number) => void;
}

// The job worth showing: a running one first, then a failure to explain.
function shownJob(vm: Vm, followed: FollowedJob | undefined) {
  if (isJobActive(vm.job)) return { job: vm.job as Job, label: undefined };
  if (followed && followed.job.state !== "succeeded") return followed;
  if (vm.job?.state === "failed") return { job: vm.job, label: undefined };

  return null;
}

export default function VmCard({
  vm,
  followed,
  canDestroy,
  onJob,
  onDismiss,
}: Props) {
  const [pending, setPending] = useState(false);
  const [actionError, setActionError] = useState<ApiError | null>(null);
  // The snapshot list is fetched only while its section is open.
  const [snapshotsOpen, setSnapshotsOpen] = useState(false);
  const shown = shownJob(vm, followed);
  const consoleOk = canOpenConsole(vm);

  async function run(label: string, start: () => Promise<Job>) {
    setPending(true);
    setActionError(null);
    try {
      const job = await start();
      onJob({ job, label, vmId: vm.id, courseId: null });

      return true;
    } catch (err) {
      setActionError(toApiError(err));

      return false;
    } finally {
      setPending(false);
    }
  }

  return (
    <article
      className="card vm-card"
      data-testid="vm-card"
      data-vm-id={vm.id}
      data-state={vm.state}
      data-power-state={vm.power_state}
      data-node-online={String(vm.node_online)}
      aria-labelledby={`vm-title-${vm.id}`}
    >
      <header className="vm-card-header">
        <h3 id={`vm-title-${vm.id}`} className="vm-name">
          {vm.name}
        </h3>
        <span className="muted">
          {vm.course.code || vm.course.name} · {vm.template.name}
        </span>
      </header>
      <VmStatus vm={vm} />

      {!vm.node_online && <NodeOfflineNotice node={vm.node} />}
      {vm.last_error && !(shown && shown.job.error === vm.last_error) && (
        <div className="notice notice-error" role="alert">
          <p className="notice-message">{vm.last_error}</p>
        </div>
      )}
      {shown && <JobProgress job={shown.job} label={shown.label} />}
      {followed?.job.state === "failed" && (
        <button
          type="button"
          className="button button-small"
          onClick={() => onDismiss(followed.job.id)}
        >
          Dismiss
        </button>
      )}
      {actionError && <ErrorNotice error={actionError} />}

      <PowerButtons
        vm={vm}
        pending={pending}
        onAction={(action, label) =>
          void run(label, () => runPowerAction(vm.id, action))
        }
      />
      {consoleOk ? (
        <a className="button button-primary-inline" href={consoleHash(vm.id)}>
          Open console
        </a>
      ) : (
        <button type="button" className="button" disabled>
          Open console
          <span className="visually-hidden"> (the VM must be running)</span>
        </button>
      )}

      <details
        className="vm-section"
        onToggle={(e) => setSnapshotsOpen(e.currentTarget.open)}
      >
        <summary>Snapshots</summary>
        {snapshotsOpen && <SnapshotPanel vm={vm} pending={pending} run={run} />}
      </details>
      <details className="vm-section">
        <summary>Rebuild{canDestroy ? " or destroy" : ""}</summary>
        <VmLifecycle
          vm={vm}
          pending={pending}
          canDestroy={canDestroy}
          run={run}
        />
      </details>
    </article>
  );
}
