// Courses where the user has no VM yet, each with a "Get my lab VM" button.
import { useState } from "react";

import type { ApiError, CourseSummary } from "../api";
import ErrorNotice from "../components/ErrorNotice";
import JobProgress from "./JobProgress";
import { toApiError } from "./toApiError";
import type { FollowedJob } from "./useVmList";
import { requestVm } from "./vmApi";

interface Props {
  courses: CourseSummary[];
  followed: FollowedJob[];
  onJob: (entry: FollowedJob) => void;
  onDismiss: (jobId: number) => void;
}

function courseLabel(course: CourseSummary): string {
  const name = course.name ?? `Course ${course.id}`;

  return course.code ? `${course.code} · ${name}` : name;
}

export default function CourseVmRequests({
  courses,
  followed,
  onJob,
  onDismiss,
}: Props) {
  const [pendingId, setPendingId] = useState<number | null>(null);
  const [errors, setErrors] = useState<Record<number, ApiError>>({});

  async function handleRequest(course: CourseSummary) {
    setPendingId(course.id);
    setErrors(({ [course.id]: _gone, ...rest }) => rest);
    try {
      const job = await requestVm(course.id);
      onJob({
        job,
        label: `Creating your VM for ${course.code ?? course.name ?? "the course"}`,
        vmId: null,
        courseId: course.id,
      });
    } catch (err) {
      setErrors((old) => ({ ...old, [course.id]: toApiError(err) }));
    } finally {
      setPendingId(null);
    }
  }

  return (
    <ul className="course-list">
      {courses.map((course) => {
        const entry = followed.find((f) => f.courseId === course.id);
        const busy =
          pendingId === course.id ||
          entry?.job.state === "queued" ||
          entry?.job.state === "running";
        const error = errors[course.id];

        return (
          <li
            key={course.id}
            className="course-item"
            data-testid="course-vm-request"
          >
            <span className="course-name">{courseLabel(course)}</span>
            {course.term && <span className="muted"> {course.term}</span>}
            {entry && <JobProgress job={entry.job} label={entry.label} />}
            {entry?.job.state === "failed" && (
              <button
                type="button"
                className="button button-small"
                onClick={() => onDismiss(entry.job.id)}
              >
                Dismiss
              </button>
            )}
            {error && <ErrorNotice error={error} />}
            <div className="button-row">
              <button
                type="button"
                className="button"
                disabled={busy}
                onClick={() => void handleRequest(course)}
              >
                {busy ? "Requesting…" : "Get my lab VM"}
              </button>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
