// Calls to cc-vm and cc-console, on top of api.ts.
import { api } from "../api";
import type { ConsoleTicket, Job, PowerAction, Snapshot, Vm } from "./types";

const vmPath = (id: number) => `/api/vms/${encodeURIComponent(String(id))}`;

const snapshotPath = (id: number, name: string) =>
  `${vmPath(id)}/snapshots/${encodeURIComponent(name)}`;

async function jobOf(promise: Promise<{ job: Job }>): Promise<Job> {
  return (await promise).job;
}

export async function listVms(signal?: AbortSignal): Promise<Vm[]> {
  return (await api.get<{ vms: Vm[] }>("/api/vms", signal)).vms;
}

export async function fetchVm(id: number, signal?: AbortSignal): Promise<Vm> {
  return (await api.get<{ vm: Vm }>(vmPath(id), signal)).vm;
}

export async function fetchJob(id: number, signal?: AbortSignal): Promise<Job> {
  return (await api.get<{ job: Job }>(`/api/jobs/${id}`, signal)).job;
}

export function requestVm(courseId: number): Promise<Job> {
  return jobOf(api.post(`/api/courses/${courseId}/vms`, {}));
}

export function runPowerAction(id: number, action: PowerAction): Promise<Job> {
  return jobOf(api.post(`${vmPath(id)}/actions/${action}`, {}));
}

export async function listSnapshots(
  id: number,
  signal?: AbortSignal,
): Promise<Snapshot[]> {
  const path = `${vmPath(id)}/snapshots`;

  return (await api.get<{ snapshots: Snapshot[] }>(path, signal)).snapshots;
}

export function takeSnapshot(
  id: number,
  name: string,
  description: string,
): Promise<Job> {
  return jobOf(api.post(`${vmPath(id)}/snapshots`, { name, description }));
}

export function rollBackSnapshot(id: number, name: string): Promise<Job> {
  return jobOf(api.post(`${snapshotPath(id, name)}/rollback`, {}));
}

export function deleteSnapshot(id: number, name: string): Promise<Job> {
  return jobOf(api.del(snapshotPath(id, name)));
}

export function rebuildVm(id: number): Promise<Job> {
  return jobOf(api.post(`${vmPath(id)}/rebuild`, {}));
}

export function destroyVm(id: number): Promise<Job> {
  return jobOf(api.del(vmPath(id)));
}

export function openConsoleTicket(id: number): Promise<ConsoleTicket> {
  return api.post<ConsoleTicket>(`${vmPath(id)}/console`, {});
}
