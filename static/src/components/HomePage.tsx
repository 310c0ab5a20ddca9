// The home page: who is logged in, their courses, and a way out.
import { useState } from "react";

import { ApiError, logOut, type Me } from "../api";
import StudentDashboard from "../vm/StudentDashboard";
import CourseList from "./CourseList";
import ErrorNotice from "./ErrorNotice";

interface Props {
  me: Me;
  onLoggedOut: () => void;
}

export default function HomePage({ me, onLoggedOut }: Props) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const { user } = me;

  async function handleLogout() {
    setPending(true);
    setError(null);
    try {
      await logOut();
      onLoggedOut();
    } catch (err) {
      // A session that is already gone is as good as a logout.
      if (err instanceof ApiError && err.status === 401) return onLoggedOut();

      setError(
        err instanceof ApiError
          ? err
          : new ApiError(0, "internal", "Logging out failed."),
      );
      setPending(false);
    }
  }

  return (
    <section className="card" aria-labelledby="home-title">
      <h1 id="home-title">Welcome, {user.display_name || user.email}</h1>
      <dl className="facts">
        <dt>Email</dt>
        <dd data-testid="user-email">{user.email}</dd>
        <dt>Role</dt>
        <dd data-testid="user-role">{user.role}</dd>
      </dl>

      <h2>Your courses</h2>
      <CourseList courses={me.courses} />
      {user.role !== "student" && (
        <p>
          <a href="#/courses">Manage courses and class lists</a>
        </p>
      )}
      <StudentDashboard me={me} />

      {error && <ErrorNotice error={error} />}
      <button
        type="button"
        className="button button-secondary"
        onClick={handleLogout}
        disabled={pending}
      >
        {pending ? "Logging out…" : "Log out"}
      </button>
    </section>
  );
}
