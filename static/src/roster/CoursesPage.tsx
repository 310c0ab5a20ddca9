// The course list for faculty and admins, with a form to create a course.
import { useEffect, useState, type FormEvent } from "react";

import { ApiError } from "../api";
import ErrorNotice from "../components/ErrorNotice";
import { createCourse, listCourses, type Course } from "./rosterApi";

function asApiError(err: unknown): ApiError {
  return err instanceof ApiError
    ? err
    : new ApiError(0, "internal", "Something went wrong in this page.");
}

export default function CoursesPage() {
  const [courses, setCourses] = useState<Course[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [form, setForm] = useState({ code: "", title: "", term: "" });
  const [saving, setSaving] = useState(false);

  async function load() {
    try {
      setCourses(await listCourses());
    } catch (err) {
      setError(asApiError(err));
    }
  }

  useEffect(() => {
    void load();
  }, []);

  async function onCreate(e: FormEvent) {
    e.preventDefault();
    setSaving(true);
    setError(null);
    try {
      const { course } = await createCourse(form);
      window.location.hash = `#/courses/${course.id}`;
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setSaving(false);
    }
  }

  return (
    <section className="card" aria-labelledby="courses-title">
      <h1 id="courses-title">Courses</h1>
      {error && <ErrorNotice error={error} />}
      {courses === null && !error && <p className="status-line">Loading…</p>}
      {courses !== null && courses.length === 0 && (
        <p className="muted">No courses yet: create the first one below.</p>
      )}
      <ul className="course-list">
        {courses?.map((c) => (
          <li key={c.id} className="course-item">
            <a href={`#/courses/${c.id}`} className="course-name">
              {c.code} · {c.name}
            </a>
            <span className="muted">
              {" "}
              {c.term} · {c.students} students
            </span>
          </li>
        ))}
      </ul>

      <h2>New course</h2>
      <form className="form roster-form-row" onSubmit={onCreate}>
        {(["code", "title", "term"] as const).map((field) => (
          <label key={field} className="field">
            <span className="field-label">{field}</span>
            <input
              required
              value={form[field]}
              onChange={(e) => setForm({ ...form, [field]: e.target.value })}
            />
          </label>
        ))}
        <button className="button button-primary" disabled={saving}>
          {saving ? "Creating…" : "Create course"}
        </button>
      </form>
    </section>
  );
}
