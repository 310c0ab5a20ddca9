// Rebuild from the template, and destroy where the user may.
import ConfirmButton from "./ConfirmButton";
import type { Job, Vm } from "./types";
import { destroyVm, rebuildVm } from "./vmApi";
import { canRebuild, isJobActive } from "./vmRules";

interface Props {
  vm: Vm;
  pending: boolean;
  canDestroy: boolean;
  run: (label: string, start: () => Promise<Job>) => Promise<boolean>;
}

export default function VmLifecycle({ vm, pending, canDestroy, run }: Props) {
  const destroyable =
    !pending && vm.state !== "destroying" && !isJobActive(vm.job);

  return (
    <div className="lifecycle">
      <p className="muted">
        Rebuilding replaces this VM with a fresh copy of{" "}
        {vm.template.name || "its template"}: everything on its disk and all its
        snapshots are lost.
      </p>
      <div className="button-row">
        <ConfirmButton
          label="Rebuild"
          question={`Rebuild ${vm.name}? Its disk and snapshots will be erased.`}
          confirmLabel="Yes, rebuild"
          danger
          disabled={pending || !canRebuild(vm)}
          onConfirm={() => void run("Rebuild", () => rebuildVm(vm.id))}
        />
        {canDestroy && (
          <ConfirmButton
            label="Destroy"
            question={`Destroy ${vm.name} for good? This cannot be undone.`}
            confirmLabel="Yes, destroy"
            danger
            disabled={!destroyable}
            onConfirm={() => void run("Destroy", () => destroyVm(vm.id))}
          />
        )}
      </div>
    </div>
  );
}
