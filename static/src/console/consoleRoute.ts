// The console page's address: #/vms/{id}/console.

export function consoleHash(vmId: number): string {
  return `#/vms/${vmId}/console`;
}

// The VM id in a console address, or null when the hash is something else.
export function parseConsoleHash(hash: string): number | null {
  const path = hash.replace(/^#/, "").replace(/\/+$/, "");
  const match = /^\/vms\/([1-9]\d{0,17})\/console$/.exec(path);
  if (!match) return null;

  const id = Number(match[1]);

  return Number.isSafeInteger(id) ? id : null;
}
