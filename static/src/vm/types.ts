// The shapes cc-vm and cc-console answer with (see shared/API.md).

export type JobState = "queued" | "running" | "succeeded" | "failed";

export interface JobStep {
  name: string;
  state: string;
  at: string | null;
}

export interface Job {
  id: number;
  kind: string;
  state: JobState;
  steps: JobStep[];
  error: string | null;
  created_at: string;
  updated_at: string;
}

export type VmState =
  "provisioning" | "ready" | "failed" | "rebuilding" | "destroying";

export type PowerState = "running" | "stopped" | "paused" | "unknown";

export type PowerAction = "start" | "stop" | "shutdown" | "reboot" | "reset";

export interface Vm {
  id: number;
  name: string;
  course: { id: number; code: string; name: string };
  template: { id: number; name: string };
  owner: { id: number; email: string; display_name: string };
  state: VmState;
  power_state: PowerState;
  node: string | null;
  node_online: boolean;
  vmid: number | null;
  cores: number;
  memory_mb: number;
  job: Job | null;
  last_error: string | null;
  snapshot_limit: number;
  updated_at: string;
  // Not in the contract yet; honoured when the server sends it.
  can_destroy?: boolean;
}

export interface Snapshot {
  name: string;
  description: string;
  created_at: string | null;
}

export interface ConsoleTicket {
  ws_path: string;
  password: string;
  expires_at: string;
}
