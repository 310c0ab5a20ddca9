// Checks a snapshot name the way Proxmox will (format pve-configid, at
// most 40 characters, "current" and "pending" reserved) before sending it.

export const kSnapshotNameMax = 40;

const kReserved = new Set(["current", "pending"]);

// Returns null for a name Proxmox accepts, else a sentence saying why not.
export function snapshotNameProblem(name: string): string | null {
  if (name === "") return "Give the snapshot a name.";

  if (name.length > kSnapshotNameMax)
    return `Use at most ${kSnapshotNameMax} characters.`;

  if (!/^[A-Za-z]/.test(name)) return "Start the name with a letter.";

  if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(name))
    return "Use only letters, digits, '-' and '_' (no spaces).";

  // pve-configid is a letter followed by one or more characters.
  if (name.length < 2) return "Use at least 2 characters.";

  if (kReserved.has(name.toLowerCase()))
    return `"${name}" is reserved by Proxmox; choose another name.`;

  return null;
}
