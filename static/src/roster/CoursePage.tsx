// One course for its faculty: the class list upload and the members with
// their mail and VM state, plus start/stop for the whole class.
import { useCallback, useEffect, useState } from "react";

import { ApiError, api } from "../api";
import "./roster.css";
import ErrorNotice from "../components/ErrorNotice";
import MembersTable from "./MembersTable";
import RosterUpload from "./RosterUpload";
import { getCourse, listMembers, type Course, type Member } from "./rosterApi";

interface Props {
  courseId: number;
}

function asApiError(err: unknown): ApiError {
  return err instanceof ApiError
    ? err
    : new ApiError(0, "internal", "Something went wrong in this page.");
}

export default function CoursePage({ courseId }: Props) {
  const [course, setCourse] = useState<Course | null>(null);
  const [members, setMembers] = useState<Member[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [bulk, setBulk] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setCourse(await getCourse(courseId));
      setMembers(await listMembers(courseId));
    } catch (err) {
      setError(asApiError(err));
    }
  }, [courseId]);

  useEffect(() => {
    void load();
    const timer = window.setInterval(() => void load(), 10000);
    return () => window.clearInterval(timer);
  }, [load]);

  async function classAction(action: "start" | "stop") {
    setBulk(action);
    setError(null);
    try {
      await api.post(`/api/courses/${courseId}/vms/actions/${action}`, {});
      await load();
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBulk(null);
    }
  }

  if (course === null)
    return error ? (
      <ErrorNotice error={error} />
    ) : (
      <p className="status-line">Loading…</p>
    );

  return (
    <section className="card" aria-labelledby="course-title">
      <p>
        <a href="#/courses">← Courses</a>
      </p>
      <h1 id="course-title">
        {course.code} · {course.name}
      </h1>
      <p className="muted">
        {course.term}
        {course.vlan_tag !== null && ` · VLAN ${course.vlan_tag}`} ·{" "}
        {course.students} students
      </p>
      {error && <ErrorNotice error={error} />}

      <RosterUpload courseId={courseId} onApplied={() => void load()} />

      <h2>Members</h2>
      <div className="roster-options">
        <button
          type="button"
          className="button button-secondary"
          disabled={bulk !== null}
          onClick={() => void classAction("start")}
        >
          {bulk === "start" ? "Starting…" : "Start all VMs"}
        </button>
        <button
          type="button"
          className="button button-secondary"
          disabled={bulk !== null}
          onClick={() => void classAction("stop")}
        >
          {bulk === "stop" ? "Stopping…" : "Stop all VMs"}
        </button>
      </div>
      <MembersTable members={members} />
    </section>
  );
}
