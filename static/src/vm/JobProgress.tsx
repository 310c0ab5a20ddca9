// A job's steps as a checklist, with its error once it has failed.
import type { Job } from "./types";

const kStepMarks: Record<string, string> = {
  succeeded: "✓",
  done: "✓",
  running: "…",
  failed: "✗",
};

const kJobWords: Record<Job["state"], string> = {
  queued: "waiting to start",
  running: "in progress",
  succeeded: "done",
  failed: "failed",
};

interface Props {
  job: Job;
  label?: string;
}

export default function JobProgress({ job, label }: Props) {
  const title = label ?? job.kind.replace(/_/g, " ");

  return (
    <div className="job" data-testid="job-progress" aria-live="polite">
      <p className="job-title">
        <span className="job-kind">{title}</span>:{" "}
        <span className={`job-state job-state-${job.state}`}>
          {kJobWords[job.state] ?? job.state}
        </span>
      </p>
      {job.steps.length > 0 && (
        <ol className="job-steps">
          {job.steps.map((step, index) => (
            <li
              key={`${index}-${step.name}`}
              className={`job-step job-step-${step.state}`}
            >
              <span className="job-step-mark" aria-hidden="true">
                {kStepMarks[step.state] ?? "·"}
              </span>{" "}
              {step.name.replace(/_/g, " ")}
              <span className="visually-hidden"> ({step.state})</span>
            </li>
          ))}
        </ol>
      )}
      {job.state === "failed" && job.error && (
        <p className="notice notice-error" role="alert">
          {job.error}
        </p>
      )}
    </div>
  );
}
