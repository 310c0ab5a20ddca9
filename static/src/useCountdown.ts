// A hook counting down to a moment, re-rendering once a second until then.
import { useEffect, useState } from "react";

// Seconds left until `until` (ms since the epoch), 0 once it has passed or
// when `until` is null.
export function useCountdown(until: number | null): number {
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (until === null) return;

    setNow(Date.now());
    const timer = window.setInterval(() => {
      const current = Date.now();
      setNow(current);
      if (current >= until) window.clearInterval(timer);
    }, 1000);

    return () => window.clearInterval(timer);
  }, [until]);

  return until === null ? 0 : Math.max(0, (until - now) / 1000);
}
