// Choosing or dropping a CSV class list, previewing it and applying it,
// with the upload's progress and then the import's.
import { useState, type DragEvent } from "react";

import { ApiError } from "../api";
import ErrorNotice from "../components/ErrorNotice";
import ImportProgress from "./ImportProgress";
import PreviewTable from "./PreviewTable";
import {
  rosterQuery,
  sendRoster,
  type Import,
  type Preview,
  type RosterOptions,
} from "./rosterApi";

interface Props {
  courseId: number;
  onApplied: () => void;
}

type Step =
  | { kind: "idle" }
  | { kind: "uploading"; fraction: number; what: string }
  | { kind: "previewed"; preview: Preview }
  | { kind: "applied"; importId: number; repeated: boolean };

export default function RosterUpload({ courseId, onApplied }: Props) {
  const [file, setFile] = useState<File | null>(null);
  const [options, setOptions] = useState<RosterOptions>({
    sync: false,
    destroyVms: false,
  });
  const [step, setStep] = useState<Step>({ kind: "idle" });
  const [error, setError] = useState<ApiError | null>(null);
  const [over, setOver] = useState(false);

  async function run(dryRun: boolean, chosen: File, opts: RosterOptions) {
    setError(null);
    const what = dryRun ? "Checking the file" : "Importing";
    setStep({ kind: "uploading", fraction: 0, what });
    try {
      const query = rosterQuery(opts, dryRun);
      const onProgress = (fraction: number) =>
        setStep({ kind: "uploading", fraction, what });
      if (dryRun) {
        const r = await sendRoster<{ preview: Preview }>(
          courseId,
          chosen,
          query,
          onProgress,
        );
        return setStep({ kind: "previewed", preview: r.preview });
      }
      const r = await sendRoster<{
        job: { import: Import };
        repeated: boolean;
      }>(courseId, chosen, query, onProgress);
      setStep({
        kind: "applied",
        importId: r.job.import.id,
        repeated: r.repeated,
      });
      onApplied();
    } catch (err) {
      setError(
        err instanceof ApiError
          ? err
          : new ApiError(0, "internal", "Upload failed."),
      );
      setStep({ kind: "idle" });
    }
  }

  function choose(chosen: File | undefined) {
    if (!chosen) return;
    setFile(chosen);
    void run(true, chosen, options);
  }

  function onDrop(e: DragEvent) {
    e.preventDefault();
    setOver(false);
    choose(e.dataTransfer.files[0]);
  }

  function setOption(next: RosterOptions) {
    setOptions(next);
    if (file) void run(true, file, next);
  }

  const preview = step.kind === "previewed" ? step.preview : null;
  return (
    <section aria-labelledby="roster-title">
      <h2 id="roster-title">Class list</h2>
      <label
        className={over ? "dropzone dropzone-over" : "dropzone"}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <input
          type="file"
          accept=".csv,text/csv"
          className="dropzone-input"
          onChange={(e) => choose(e.target.files?.[0])}
        />
        <span>
          {file ? file.name : "Drop the CSV export here, or tap to choose it"}
        </span>
        <span className="muted">
          UTF-8 CSV with an email column; names and role are optional.
        </span>
      </label>

      <div className="roster-options">
        <label>
          <input
            type="checkbox"
            checked={options.sync}
            onChange={(e) =>
              setOption({ sync: e.target.checked, destroyVms: false })
            }
          />{" "}
          Sync: drop students missing from the file
        </label>
        {options.sync && (
          <label>
            <input
              type="checkbox"
              checked={options.destroyVms}
              onChange={(e) =>
                setOption({ ...options, destroyVms: e.target.checked })
              }
            />{" "}
            Also destroy the dropped students' VMs
          </label>
        )}
      </div>

      {error && <ErrorNotice error={error} />}
      {step.kind === "uploading" && (
        <div className="progress-block" role="status">
          <span>{step.what}…</span>
          <progress value={step.fraction} max={1} />
        </div>
      )}
      {preview && (
        <>
          <PreviewTable preview={preview} />
          <button
            type="button"
            className="button button-primary"
            disabled={preview.counts.errors > 0 || !file}
            onClick={() => file && void run(false, file, options)}
          >
            {preview.counts.errors > 0
              ? "Fix the errors above to import"
              : `Import: add ${preview.counts.add}, drop ${preview.counts.drop}`}
          </button>
        </>
      )}
      {step.kind === "applied" && (
        <>
          {step.repeated && (
            <p className="muted">
              This file was imported before; showing that import.
            </p>
          )}
          <ImportProgress courseId={courseId} importId={step.importId} />
        </>
      )}
    </section>
  );
}
