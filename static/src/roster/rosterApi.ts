// The cc-roster calls the course pages make: courses, members, roster
// preview/apply with upload progress, and an import's progress.
import { ApiError, api, currentCsrfToken, parseErrorResponse } from "../api";

export interface Course {
  id: number;
  code: string;
  name: string;
  term: string;
  vlan_tag: number | null;
  role: string;
  students: number;
}

export interface MailState {
  kind: string;
  status: "queued" | "sending" | "sent" | "failed";
  attempts: number;
  error: string;
}

export interface VmState {
  id: number;
  state: string;
  power_state: string;
  error: string;
}

export interface Member {
  user_id: number;
  email: string;
  display_name: string;
  role: string;
  has_password: boolean;
  mail: MailState | null;
  vm: VmState | null;
}

export interface PreviewPerson {
  line: number;
  email: string;
  display_name: string;
  role: string;
  new_account: boolean;
}

export interface LineProblem {
  line: number;
  column: string;
  message: string;
}

export interface Preview {
  mode: "add" | "sync";
  delimiter: string;
  counts: Record<
    "rows" | "add" | "keep" | "drop" | "errors" | "duplicates",
    number
  >;
  add: PreviewPerson[];
  keep: PreviewPerson[];
  drop: { user_id: number; email: string; display_name: string }[];
  errors: LineProblem[];
  duplicates: LineProblem[];
  ignored_columns: string[];
}

export interface Import {
  id: number;
  state: string;
  added: number;
  kept: number;
  dropped: number;
  accounts_created: number;
  jobs_created: number;
  mail: Record<"queued" | "sending" | "sent" | "failed", number>;
  vms: Record<
    "total" | "provisioning" | "ready" | "failed" | "running",
    number
  >;
}

export interface RosterOptions {
  sync: boolean;
  destroyVms: boolean;
}

export const listCourses = () =>
  api.get<{ courses: Course[] }>("/api/courses").then((r) => r.courses);

export const getCourse = (id: number) =>
  api.get<{ course: Course }>(`/api/courses/${id}`).then((r) => r.course);

export const createCourse = (fields: {
  code: string;
  title: string;
  term: string;
}) => api.post<{ course: Course }>("/api/courses", fields);

export const listMembers = (id: number) =>
  api
    .get<{ members: Member[] }>(`/api/courses/${id}/members`)
    .then((r) => r.members);

export const getImport = (course: number, id: number) =>
  api
    .get<{ import: Import }>(`/api/courses/${course}/roster/imports/${id}`)
    .then((r) => r.import);

export function rosterQuery(options: RosterOptions, dryRun: boolean): string {
  const params = new URLSearchParams();
  if (dryRun) params.set("dry_run", "1");
  if (options.sync) params.set("mode", "sync");
  if (options.sync && options.destroyVms) params.set("destroy_vms", "1");

  const text = params.toString();
  return text === "" ? "" : `?${text}`;
}

// Sends the file as a multipart form; XMLHttpRequest because fetch cannot
// report upload progress. Resolves with the parsed JSON answer.
export function sendRoster<T>(
  course: number,
  file: File,
  query: string,
  onProgress: (fraction: number) => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/courses/${course}/roster${query}`);
    xhr.setRequestHeader("Accept", "application/json");
    const token = currentCsrfToken();
    if (token !== null) xhr.setRequestHeader("X-CSRF-Token", token);

    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () =>
      reject(new ApiError(0, "network", "Cannot reach ClassCloud."));
    xhr.onload = async () => {
      const res = new Response(xhr.responseText, {
        status: xhr.status,
        headers: {
          "X-Request-Id": xhr.getResponseHeader("X-Request-Id") ?? "",
        },
      });
      if (xhr.status < 200 || xhr.status >= 300)
        return reject(await parseErrorResponse(res));

      resolve(JSON.parse(xhr.responseText) as T);
    };

    const form = new FormData();
    form.append("file", file);
    xhr.send(form);
  });
}

// 0..1: accounts and mail count half, VMs running the other half.
export function importProgress(i: Import): number {
  const people = i.added;
  if (people === 0) return 1;

  const mailDone = i.mail.sent + i.mail.failed;
  const mailPart = Math.min(1, mailDone / Math.max(1, people));
  if (i.vms.total === 0) return mailPart;

  const vmPart = (i.vms.running + i.vms.failed) / i.vms.total;
  return (mailPart + vmPart) / 2;
}
