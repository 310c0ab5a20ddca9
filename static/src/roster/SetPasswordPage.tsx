// The page a credential mail links to: choose a password with the
// single-use token from the link, then go to the login page.
import { useState, type FormEvent } from "react";

import { ApiError, api } from "../api";
import ErrorNotice from "../components/ErrorNotice";

export function tokenFromHash(hash: string): string {
  const query = hash.split("?")[1] ?? "";
  return new URLSearchParams(query).get("token") ?? "";
}

export default function SetPasswordPage() {
  const token = tokenFromHash(window.location.hash);
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState(false);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (password !== repeat) {
      setError(new ApiError(422, "mismatch", "The two passwords differ."));
      return;
    }
    setPending(true);
    setError(null);
    try {
      await api.post("/api/auth/password/set", { token, password });
      setDone(true);
    } catch (err) {
      setError(
        err instanceof ApiError
          ? err
          : new ApiError(0, "internal", "Setting the password failed."),
      );
    } finally {
      setPending(false);
    }
  }

  if (done)
    return (
      <section className="card card-narrow">
        <h1>Password set</h1>
        <p>
          You can now <a href="#/login">log in</a> with your e-mail address.
        </p>
      </section>
    );

  return (
    <section className="card card-narrow" aria-labelledby="set-title">
      <h1 id="set-title">Choose your password</h1>
      {token === "" && (
        <p className="text-error">This link has no token; open it again.</p>
      )}
      {error && <ErrorNotice error={error} />}
      <form className="form" onSubmit={onSubmit}>
        <label className="field">
          <span className="field-label">New password (10 to 72 bytes)</span>
          <input
            type="password"
            autoComplete="new-password"
            minLength={10}
            maxLength={72}
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <label className="field">
          <span className="field-label">The same again</span>
          <input
            type="password"
            autoComplete="new-password"
            required
            value={repeat}
            onChange={(e) => setRepeat(e.target.value)}
          />
        </label>
        <button className="button button-primary" disabled={pending || !token}>
          {pending ? "Saving…" : "Set password"}
        </button>
      </form>
    </section>
  );
}
