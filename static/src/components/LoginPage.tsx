// The login form: email and password, with the server's errors shown.
import { useState, type FormEvent } from "react";

import { ApiError, logIn } from "../api";
import { formatWait } from "../format";
import { useCountdown } from "../useCountdown";
import ErrorNotice from "./ErrorNotice";
import SsoButtons from "./SsoButtons";

interface Props {
  onLoggedIn: () => Promise<void>;
}

export default function LoginPage({ onLoggedIn }: Props) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  // When a 429 said how long to wait: the time the wait is over.
  const [retryAt, setRetryAt] = useState<number | null>(null);
  const waitSeconds = useCountdown(retryAt);
  const waiting = waitSeconds > 0;

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      await logIn(email.trim(), password);
      setPassword("");
      await onLoggedIn();
    } catch (err) {
      const apiError =
        err instanceof ApiError
          ? err
          : new ApiError(0, "internal", "Logging in failed.");
      setError(apiError);
      setRetryAt(
        apiError.status === 429 && apiError.retryAfterSeconds !== null
          ? Date.now() + apiError.retryAfterSeconds * 1000
          : null,
      );
      setPending(false);
    }
  }

  let hint: string | undefined;
  if (error?.status === 429 && retryAt !== null)
    hint = waiting
      ? `Try again in ${formatWait(waitSeconds)}.`
      : "You can try again now.";

  return (
    <section className="card card-narrow" aria-labelledby="login-title">
      <h1 id="login-title">Log in</h1>
      <form className="form" onSubmit={handleSubmit}>
        <label className="field">
          <span className="field-label">Email</span>
          <input
            type="email"
            name="email"
            autoComplete="username"
            inputMode="email"
            autoCapitalize="none"
            spellCheck={false}
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label className="field">
          <span className="field-label">Password</span>
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error && <ErrorNotice error={error} hint={hint} />}
        <button
          type="submit"
          className="button button-primary"
          disabled={pending || waiting}
        >
          {pending ? "Logging in…" : "Log in"}
        </button>
      </form>
      <SsoButtons />
    </section>
  );
}
