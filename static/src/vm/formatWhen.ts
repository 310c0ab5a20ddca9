// A server timestamp as local date and time, or "" when there is none.
export function formatWhen(iso: string | null | undefined): string {
  if (!iso) return "";

  const when = new Date(iso);

  return Number.isNaN(when.getTime()) ? iso : when.toLocaleString();
}
