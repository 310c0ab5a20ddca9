// A VM's snapshots: list, take, roll back, delete.
import { useCallback, useEffect, useState } from "react";

import type { ApiError } from "../api";
import ErrorNotice from "../components/ErrorNotice";
import ConfirmButton from "./ConfirmButton";
import { formatWhen } from "./formatWhen";
import SnapshotForm from "./SnapshotForm";
import { toApiError } from "./toApiError";
import type { Job, Snapshot, Vm } from "./types";
import {
  deleteSnapshot,
  listSnapshots,
  rollBackSnapshot,
  takeSnapshot,
} from "./vmApi";
import { canManageSnapshots } from "./vmRules";

interface Props {
  vm: Vm;
  pending: boolean;
  // Runs a request that answers with a job; resolves true when accepted.
  run: (label: string, start: () => Promise<Job>) => Promise<boolean>;
}

export default function SnapshotPanel({ vm, pending, run }: Props) {
  const [snapshots, setSnapshots] = useState<Snapshot[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const usable = canManageSnapshots(vm) && !pending;
  const full = snapshots !== null && snapshots.length >= vm.snapshot_limit;

  const load = useCallback(
    async (signal?: AbortSignal) => {
      try {
        setSnapshots(await listSnapshots(vm.id, signal));
        setError(null);
      } catch (err) {
        if (!signal?.aborted) setError(toApiError(err));
      }
    },
    [vm.id],
  );

  // Reload whenever the VM's job changes: a snapshot job may have ended.
  const jobKey = vm.job ? `${vm.job.id}:${vm.job.state}` : "none";
  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);

    return () => controller.abort();
  }, [load, jobKey]);

  return (
    <div className="snapshots" data-testid="snapshot-panel">
      {error && <ErrorNotice error={error} onRetry={() => void load()} />}
      {snapshots === null && !error && <p className="muted">Loading…</p>}
      {snapshots !== null && snapshots.length === 0 && (
        <p className="muted">No snapshots yet.</p>
      )}
      {snapshots !== null && snapshots.length > 0 && (
        <ul className="snapshot-list">
          {snapshots.map((snap) => (
            <li key={snap.name} className="snapshot-item">
              <div>
                <span className="snapshot-name">{snap.name}</span>{" "}
                <span className="muted">{formatWhen(snap.created_at)}</span>
                {snap.description && (
                  <p className="snapshot-description">{snap.description}</p>
                )}
              </div>
              <div className="button-row">
                <ConfirmButton
                  label="Roll back"
                  question={`Roll back to "${snap.name}"? Changes since then are lost.`}
                  confirmLabel="Yes, roll back"
                  disabled={!usable}
                  onConfirm={() =>
                    void run(`Roll back to ${snap.name}`, () =>
                      rollBackSnapshot(vm.id, snap.name),
                    )
                  }
                />
                <ConfirmButton
                  label="Delete"
                  question={`Delete snapshot "${snap.name}"?`}
                  confirmLabel="Yes, delete"
                  danger
                  disabled={!usable}
                  onConfirm={() =>
                    void run(`Delete snapshot ${snap.name}`, () =>
                      deleteSnapshot(vm.id, snap.name),
                    )
                  }
                />
              </div>
            </li>
          ))}
        </ul>
      )}
      {full ? (
        <p className="muted">
          This VM has its limit of {vm.snapshot_limit} snapshots; delete one to
          take another.
        </p>
      ) : (
        <SnapshotForm
          vmId={vm.id}
          disabled={!usable}
          onTake={(name, description) =>
            run(`Snapshot ${name}`, () =>
              takeSnapshot(vm.id, name, description),
            )
          }
        />
      )}
    </div>
  );
}
