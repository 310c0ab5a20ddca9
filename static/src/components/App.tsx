// The app shell: finds out who is logged in and picks the page to show.
import { useCallback, useEffect, useState } from "react";

import { ApiError, fetchMe, type Me } from "../api";
import { courseIdFromHash, navigate, useRoute } from "../route";
import ConsoleRoute from "../console/ConsoleRoute";
import AppHeader from "./AppHeader";
import ErrorNotice from "./ErrorNotice";
import HomePage from "./HomePage";
import LoginPage from "./LoginPage";
import NotFoundPage from "./NotFoundPage";
import CoursePage from "../roster/CoursePage";
import CoursesPage from "../roster/CoursesPage";
import SetPasswordPage from "../roster/SetPasswordPage";

type Session =
  | { state: "loading" }
  | { state: "anonymous" }
  | { state: "signed-in"; me: Me }
  | { state: "failed"; error: ApiError };

function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;

  return new ApiError(0, "internal", "Something went wrong in this page.");
}

export default function App() {
  const route = useRoute();
  const [session, setSession] = useState<Session>({ state: "loading" });

  const loadSession = useCallback(async (signal?: AbortSignal) => {
    try {
      const me = await fetchMe(signal);
      setSession({ state: "signed-in", me });
    } catch (err) {
      if (signal?.aborted) return;

      const error = toApiError(err);
      setSession(
        error.status === 401
          ? { state: "anonymous" }
          : { state: "failed", error },
      );
    }
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    void loadSession(controller.signal);

    return () => controller.abort();
  }, [loadSession]);

  // Keep the address bar in step with the session.
  useEffect(() => {
    // The set-password link from a mail works without a session.
    const open = route === "login" || route === "set-password";
    if (session.state === "anonymous" && !open) navigate("login");
    if (session.state === "signed-in" && route === "login") navigate("home");
  }, [session.state, route]);

  const user = session.state === "signed-in" ? session.me.user : null;
  const onLoggedOut = useCallback(() => setSession({ state: "anonymous" }), []);

  return (
    <div className="app">
      <AppHeader user={user} />
      <main
        className={
          route === "vm-console" ? "app-main app-main-wide" : "app-main"
        }
      >
        {renderPage()}
      </main>
    </div>
  );

  function renderPage() {
    switch (session.state) {
      case "loading":
        return (
          <p className="status-line" role="status">
            Loading…
          </p>
        );
      case "failed":
        return (
          <section className="card" aria-labelledby="failed-title">
            <h1 id="failed-title">Cannot check who is logged in</h1>
            <ErrorNotice
              error={session.error}
              onRetry={() => {
                setSession({ state: "loading" });
                void loadSession();
              }}
            />
          </section>
        );
      case "anonymous":
        if (route === "set-password") return <SetPasswordPage />;
        return <LoginPage onLoggedIn={() => loadSession()} />;
      case "signed-in":
        if (route === "unknown") return <NotFoundPage />;
        if (route === "vm-console") return <ConsoleRoute />;
        if (route === "set-password") return <SetPasswordPage />;
        if (route === "courses") return <CoursesPage />;
        if (route === "course")
          return (
            <CoursePage courseId={courseIdFromHash(window.location.hash)} />
          );

        return <HomePage me={session.me} onLoggedOut={onLoggedOut} />;
    }
  }
}
