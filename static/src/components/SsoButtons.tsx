// One button per single sign-on method the site offers, from
// /api/auth/methods; nothing when there are none or the call fails.
import { useEffect, useState } from "react";

import { api } from "../api";

interface LoginMethod {
  kind: string;
  name?: string;
  label?: string;
  login_url?: string;
}

export default function SsoButtons() {
  const [methods, setMethods] = useState<LoginMethod[]>([]);

  useEffect(() => {
    const controller = new AbortController();
    api
      .get<{ methods: LoginMethod[] }>("/api/auth/methods", controller.signal)
      .then((body) => setMethods(body.methods.filter((m) => m.login_url)))
      .catch(() => setMethods([]));
    return () => controller.abort();
  }, []);

  if (methods.length === 0) return null;

  return (
    <nav className="form" aria-label="Other ways to log in">
      {methods.map((m) => (
        <a
          key={`${m.kind}-${m.name}`}
          className="button button-secondary"
          href={m.login_url}
        >
          Log in with {m.label}
        </a>
      ))}
    </nav>
  );
}
