// Small text helpers shared by the pages.

// "45 seconds", "2 minutes", "1 hour 5 minutes": for rate-limit waits.
export function formatWait(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  const plural = (n: number, unit: string) =>
    `${n} ${unit}${n === 1 ? "" : "s"}`;
  if (s < 60) return plural(s, "second");

  const minutes = Math.ceil(s / 60);
  if (minutes < 60) return plural(minutes, "minute");

  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;

  return rest === 0
    ? plural(hours, "hour")
    : `${plural(hours, "hour")} ${plural(rest, "minute")}`;
}
