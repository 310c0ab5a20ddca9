// Builds the console websocket URL from cc-console's ws_path, refusing
// anything that would leave this origin.

export function consoleWebSocketUrl(
  pageUrl: string,
  wsPath: string,
): string | null {
  if (!wsPath.startsWith("/") || wsPath.startsWith("//")) return null;

  const page = new URL(pageUrl);
  const url = new URL(wsPath, page.origin);
  if (url.origin !== page.origin) return null;

  url.protocol = page.protocol === "https:" ? "wss:" : "ws:";

  return url.toString();
}
