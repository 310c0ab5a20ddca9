// Hash routing: the page lives after '#', so any path nginx serves works.
import { useEffect, useState } from "react";

import { parseConsoleHash } from "./console/consoleRoute";

export type Route =
  | "home"
  | "login"
  | "vm-console"
  | "courses"
  | "course"
  | "set-password"
  | "unknown";

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, "").replace(/\/+$/, "") || "/";
  if (path === "/" || path === "") return "home";
  if (path === "/login") return "login";
  if (parseConsoleHash(path) !== null) return "vm-console";

  const page = path.split("?")[0] ?? "";
  if (page === "/courses") return "courses";
  if (/^\/courses\/\d+$/.test(page)) return "course";
  if (page === "/set-password") return "set-password";

  return "unknown";
}

// The {id} of #/courses/{id}, or 0.
export function courseIdFromHash(hash: string): number {
  const match = /^#?\/courses\/(\d+)/.exec(hash);

  return match ? Number.parseInt(match[1] ?? "0", 10) : 0;
}

export function navigate(route: "home" | "login"): void {
  const hash = route === "home" ? "#/" : "#/login";
  if (window.location.hash !== hash) window.location.hash = hash;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));

  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener("hashchange", onChange);

    return () => window.removeEventListener("hashchange", onChange);
  }, []);

  return route;
}
