// Takes a snapshot: a name checked as Proxmox would, and a description.
import { useState, type FormEvent } from "react";

import { kSnapshotNameMax, snapshotNameProblem } from "./snapshotName";

interface Props {
  vmId: number;
  disabled: boolean;
  onTake: (name: string, description: string) => Promise<boolean>;
}

export default function SnapshotForm({ vmId, disabled, onTake }: Props) {
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [touched, setTouched] = useState(false);
  const problem = snapshotNameProblem(name);
  const showProblem = touched && problem !== null;
  const nameId = `snap-name-${vmId}`;
  const problemId = `${nameId}-problem`;

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    if (problem !== null) return;

    if (await onTake(name, description)) {
      setName("");
      setDescription("");
      setTouched(false);
    }
  }

  return (
    <form className="form snapshot-form" onSubmit={handleSubmit} noValidate>
      <div className="field">
        <label className="field-label" htmlFor={nameId}>
          Snapshot name
        </label>
        <input
          id={nameId}
          value={name}
          maxLength={kSnapshotNameMax + 10}
          autoCapitalize="off"
          autoCorrect="off"
          spellCheck={false}
          aria-invalid={showProblem}
          aria-describedby={showProblem ? problemId : undefined}
          onChange={(e) => setName(e.target.value)}
          onBlur={() => setTouched(name !== "")}
        />
        {showProblem && (
          <p id={problemId} className="field-problem">
            {problem}
          </p>
        )}
      </div>
      <div className="field">
        <label className="field-label" htmlFor={`${nameId}-desc`}>
          Description (optional)
        </label>
        <input
          id={`${nameId}-desc`}
          value={description}
          maxLength={200}
          onChange={(e) => setDescription(e.target.value)}
        />
      </div>
      <button type="submit" className="button" disabled={disabled}>
        Take snapshot
      </button>
    </form>
  );
}
