// Keeps the user's VMs fresh: polls GET /api/vms (fast while anything is
// changing, slowly otherwise) and follows the jobs this page started.
import { useCallback, useEffect, useRef, useState } from "react";

import { ApiError } from "../api";
import { toApiError } from "./toApiError";
import type { Job, Vm } from "./types";
import { fetchJob, listVms } from "./vmApi";
import { choosePollInterval, isJobActive } from "./vmRules";

export interface FollowedJob {
  job: Job;
  label: string;
  vmId: number | null;
  courseId: number | null;
}

export interface VmList {
  vms: Vm[] | null;
  error: ApiError | null;
  followed: FollowedJob[];
  follow: (entry: FollowedJob) => void;
  dismiss: (jobId: number) => void;
  refresh: () => void;
}

// Asks for every followed job that is still active; a job that succeeded
// is dropped (the VM list shows its outcome), a failed one stays.
async function updateFollowed(
  followed: FollowedJob[],
  signal: AbortSignal,
): Promise<FollowedJob[]> {
  const next = await Promise.all(
    followed.map(async (entry) => {
      if (!isJobActive(entry.job)) return entry;
      try {
        return { ...entry, job: await fetchJob(entry.job.id, signal) };
      } catch {
        return entry;
      }
    }),
  );

  return next.filter((entry) => entry.job.state !== "succeeded");
}

export function useVmList(): VmList {
  const [vms, setVms] = useState<Vm[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [followed, setFollowed] = useState<FollowedJob[]>([]);
  const followedRef = useRef<FollowedJob[]>([]);
  const pollNow = useRef<() => void>(() => {});

  const setFollowedBoth = useCallback((next: FollowedJob[]) => {
    followedRef.current = next;
    setFollowed(next);
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    let timer: number | undefined;
    let running = false;
    let again = false;
    let failures = 0;
    let latest: Vm[] = [];

    async function poll() {
      if (running) {
        again = true;
        return;
      }
      running = true;
      window.clearTimeout(timer);

      // Both answers land in one render, so a card never shows a fresh
      // VM next to a stale job.
      const [listed, follows] = await Promise.all([
        listVms(controller.signal).then(
          (vms) => ({ vms, error: null }),
          (err: unknown) => ({ vms: null, error: toApiError(err) }),
        ),
        updateFollowed(followedRef.current, controller.signal),
      ]);
      if (controller.signal.aborted) return;

      if (listed.vms) {
        latest = listed.vms;
        setVms(latest);
        failures = 0;
      } else {
        failures++;
      }
      setError(listed.error);
      // Keep entries added while this poll was out.
      const known = new Set(follows.map((f) => f.job.id));
      const added = followedRef.current.filter(
        (f) => !known.has(f.job.id) && isJobActive(f.job),
      );
      setFollowedBoth([...follows, ...added]);

      running = false;
      if (again) {
        again = false;
        void poll();
        return;
      }

      timer = window.setTimeout(
        () => void poll(),
        choosePollInterval({
          vms: latest,
          followingJobs: followedRef.current.filter((f) => isJobActive(f.job))
            .length,
          pageHidden: document.hidden,
          failures,
        }),
      );
    }

    const onVisibility = () => {
      if (!document.hidden) void poll();
    };

    pollNow.current = () => void poll();
    document.addEventListener("visibilitychange", onVisibility);
    void poll();

    return () => {
      controller.abort();
      window.clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisibility);
      pollNow.current = () => {};
    };
  }, [setFollowedBoth]);

  const follow = useCallback(
    (entry: FollowedJob) => {
      // A new job for the same VM or course replaces the old one.
      const rest = followedRef.current.filter(
        (f) =>
          f.job.id !== entry.job.id &&
          !(entry.vmId !== null && f.vmId === entry.vmId) &&
          !(entry.courseId !== null && f.courseId === entry.courseId),
      );
      setFollowedBoth([...rest, entry]);
      pollNow.current();
    },
    [setFollowedBoth],
  );

  const dismiss = useCallback(
    (jobId: number) =>
      setFollowedBoth(followedRef.current.filter((f) => f.job.id !== jobId)),
    [setFollowedBoth],
  );

  const refresh = useCallback(() => pollNow.current(), []);

  return { vms, error, followed, follow, dismiss, refresh };
}
