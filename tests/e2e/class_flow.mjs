// Browser test of the README walkthrough "a class goes live": the demo
// faculty member uploads tests/fixtures/roster-demo.csv to LAB101, checks
// the preview, applies it and watches the class's VMs come up; a student
// reads their credential mail in the mail catcher's page, sets a password
// through its link, logs in, opens their VM's console and types into it.
//
// Environment:
//   BASE_URL       where ClassCloud answers, e.g. https://127.0.0.1:8443
//   DEMO_LOGINS    file of `<role> <email> <password>` lines
//   MAIL_WEB_URL   the maildev page the stack's cc-mailer delivers to, e.g.
//                  http://127.0.0.1:1080 (make run's); required
//   OUT_DIR        where screenshots go (default: out/ beside this script)
//   ROSTER_CSV     the class list (default: tests/fixtures/roster-demo.csv)
//   COURSE_CODE    the course to import into (default: LAB101)
//   CLASS_TIMEOUT  seconds to wait for every VM to run (default: 240)
//   CHROMIUM       browser binary (default: /usr/bin/chromium)
//
// The emulator gives a screen to its first --max-qemu VMs only. The class
// comes up in file order, so the first student's VM has one unless other
// VMs on the stack hold them all: then the second student is tried, and
// if theirs has none either, the faculty member stops the class and that
// student starts their VM again. At the end the faculty member stops the
// class; then, to leave the shared test stack as it was, the test
// destroys the class's VMs through the API.
//
// Exits 0 when every step passed, 1 when one failed, 2 on bad usage.

import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

import {
  PassOn,
  UsageError,
  canvasHasPicture,
  consoleSettled,
  defineCanvasChangedBy,
  expectPost,
  log,
  makeOutDir,
  readLogin,
  readUrl,
  rememberCanvas,
  runMain,
  step,
  submitLogin,
  typeIntoConsole,
  waitForQuietScreen,
  waitForScreenChange,
  withBrowser,
} from "./browser.mjs";

const kMailTimeoutMs = 60000;
const kFirstFrameTimeoutMs = 30000;
const kSettleTimeoutMs = 60000;
const kChangeTimeoutMs = 20000;
const kMaxCandidates = 2;
const kNewPassword = "walkthrough-pass-2026";

// A candidate whose VM runs without a screen; the next one is tried.
class NoScreen extends PassOn {}

function readClassTimeout() {
  const raw = process.env.CLASS_TIMEOUT ?? "240";
  if (!/^\d+$/.test(raw) || Number(raw) < 10 || Number(raw) > 3600)
    throw new UsageError(`CLASS_TIMEOUT must be 10..3600 seconds, not ${raw}`);

  return Number(raw) * 1000;
}

// The e-mail addresses of the class list, in file order, lower-cased: a
// small reader for the fixture's shape (BOM, sep= line, a header naming an
// e-mail column, `;` or `,` between fields, quotes without line breaks).
async function readClassList(file) {
  let text;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new UsageError(`cannot read ROSTER_CSV ${file}: ${err.message}`);
  }

  let lines = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/);
  let sep = ",";
  const sepLine = /^sep=(.)$/.exec(lines[0]);
  if (sepLine) {
    sep = sepLine[1];
    lines = lines.slice(1);
  } else if (lines[0].includes(";")) sep = ";";

  const split = (line) => {
    const fields = [];
    let field = "";
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quoted && c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = !quoted;
      else if (c === sep && !quoted) {
        fields.push(field);
        field = "";
      } else field += c;
    }
    fields.push(field);

    return fields;
  };

  const header = split(lines[0]).map((h) =>
    h.toLowerCase().replace(/[\s_.-]/g, ""),
  );
  const column = header.findIndex((h) => h === "email" || h === "mail");
  if (column < 0) throw new UsageError(`${file} has no e-mail column`);

  const emails = lines
    .slice(1)
    .filter((l) => l.trim() !== "")
    .map((l) => split(l)[column].trim().toLowerCase());
  if (emails.length === 0) throw new UsageError(`${file} lists nobody`);

  return emails;
}

async function logIn(page, baseUrl, login, navigate = true) {
  if (navigate)
    await page.goto(`${baseUrl}/#/login`, { waitUntil: "domcontentloaded" });
  await submitLogin(page, login);
  const shown = page.getByTestId("user-email");
  await shown.waitFor();
  const text = (await shown.innerText()).trim().toLowerCase();
  if (text !== login.email.toLowerCase())
    throw new Error(`home page shows "${text}", expected "${login.email}"`);
}

// Faculty part: course page, upload, preview, apply, watch the class.
async function importClass(page, shots, env) {
  await step(`log in as the demo faculty ${env.faculty.email}`, async () => {
    try {
      await logIn(page, env.baseUrl, env.faculty);
    } catch (err) {
      if (/ERR_CONNECTION|net::/.test(err.message))
        throw new Error(`cannot reach ${env.baseUrl} (is the stack running?)`);
      throw err;
    }
    await shots.take("faculty-home");
  });

  await step(`open course ${env.course}`, async () => {
    await page
      .getByRole("link", { name: "Manage courses and class lists" })
      .click();
    await page.getByRole("heading", { name: "Courses" }).waitFor();
    await page
      .getByRole("link", { name: new RegExp(`^${env.course} ·`) })
      .click();
    await page
      .getByRole("heading", { name: new RegExp(`^${env.course} ·`) })
      .waitFor();
    await page.getByRole("heading", { name: "Class list" }).waitFor();
    await shots.take("course");
  });

  const people = env.classList.length;
  await step(
    `upload ${path.basename(env.csv)} and read the preview`,
    async () => {
      await page.locator("input[type=file]").setInputFiles(env.csv);
      const counts = page.locator(".preview-counts");
      await counts.waitFor();
      const text = (await counts.innerText()).replace(/\s+/g, " ").trim();
      const wanted =
        `${people} rows: ${people} to add, 0 already enrolled, ` +
        `0 to drop, 0 errors`;
      if (text !== wanted)
        throw new Error(`preview says "${text}", expected "${wanted}"`);
      await shots.take("preview", { fullPage: true });
    },
  );

  await step(`apply: add ${people} students`, async () => {
    await expectPost(page, /\/api\/courses\/\d+\/roster$/, 202, () =>
      page
        .getByRole("button", { name: `Import: add ${people}, drop 0` })
        .click(),
    );
    await page.getByLabel("Import progress").waitFor();
    await page
      .getByRole("heading", { name: "Class list" })
      .scrollIntoViewIfNeeded();
    await shots.take("import-started");
  });

  await step(`all ${people} VMs running and all mail sent`, async () => {
    const status = page
      .getByRole("status")
      .filter({ has: page.getByLabel("Import progress") });
    const deadline = Date.now() + env.classTimeoutMs;
    const started = Date.now();
    let text = "";
    let midShot = false;
    while (Date.now() < deadline) {
      text = (await status.innerText()).replace(/\s+/g, " ").trim();
      const vms = /VMs (\d+) running, (\d+) being made, (\d+) failed/.exec(
        text,
      );
      const mail = /Mail (\d+) sent, (\d+) waiting, (\d+) failed/.exec(text);
      if (vms && Number(vms[3]) > 0) throw new Error(`some failed: ${text}`);
      if (mail && Number(mail[3]) > 0) throw new Error(`mail failed: ${text}`);
      if (!midShot && vms && Number(vms[1]) > 0) {
        await shots.take("provisioning");
        midShot = true;
      }
      if (
        vms &&
        Number(vms[1]) === people &&
        mail &&
        Number(mail[1]) === people
      ) {
        log(
          `class running after ${Math.round((Date.now() - started) / 1000)} s`,
        );
        await page.waitForTimeout(500);
        await shots.take("class-running", { fullPage: true });
        return;
      }
      await page.waitForTimeout(1000);
    }
    throw new Error(
      `after ${env.classTimeoutMs / 1000} s the progress says: ${text}`,
    );
  });

  await step("the members table shows every VM running", async () => {
    // The page reloads its members every 10 s.
    await page.waitForFunction(
      (count) =>
        [...document.querySelectorAll(".roster-table tbody tr")].filter(
          (row) => row.lastElementChild?.textContent === "running",
        ).length >= count,
      people,
      { timeout: 25000 },
    );
    await shots.take("members", { fullPage: true });
  });
}

// The maildev mails to `email`, newest first, from its REST API.
async function mailsTo(mailUrl, email) {
  const res = await fetch(`${mailUrl}/api/email`);
  if (!res.ok)
    throw new Error(`GET ${mailUrl}/api/email answered ${res.status}`);
  const all = await res.json();

  return all
    .filter((m) =>
      (m.to ?? []).some((to) => to.address?.toLowerCase() === email),
    )
    .reverse();
}

// Opens the mail catcher's page on the student's mail and returns the
// set-password link in it.
async function readMail(page, shots, env, email) {
  return step(`the mail catcher has ${email}'s credential mail`, async () => {
    const deadline = Date.now() + kMailTimeoutMs;
    let mails = [];
    while (Date.now() < deadline) {
      mails = await mailsTo(env.mailUrl, email);
      if (mails.length > 0) break;
      await page.waitForTimeout(1000);
    }
    if (mails.length === 0)
      throw new Error(`no mail to ${email} reached ${env.mailUrl}`);

    const mail = mails[0];
    if (!/Your ClassCloud account for/.test(mail.subject))
      throw new Error(`the mail's subject is "${mail.subject}"`);
    const link = new RegExp(
      `${env.baseUrl.replace(/[.]/g, "\\.")}/#/set-password\\?token=[A-Za-z0-9_-]+`,
    ).exec(mail.text ?? "");
    if (!link) throw new Error(`no set-password link in: ${mail.text}`);

    // What a person sees: maildev's page with the mail open.
    await page.goto(`${env.mailUrl}/`, { waitUntil: "domcontentloaded" });
    const item = page.getByText(mail.subject).first();
    await item.waitFor();
    await page.getByText(email, { exact: false }).first().waitFor();
    await page.getByText(email, { exact: false }).first().click();
    await page
      .getByText("Choose your password here", { exact: false })
      .first()
      .waitFor()
      .catch(async () => {
        // The body shows in a frame in some maildev versions.
        const inFrame = page
          .frameLocator("iframe")
          .getByText("Choose your password here", { exact: false });
        await inFrame.first().waitFor();
      });
    await shots.take("mail");

    return link[0];
  });
}

async function setPassword(page, shots, link, email) {
  await step(`follow the link and set ${email}'s password`, async () => {
    await page.goto(link, { waitUntil: "domcontentloaded" });
    await page.getByRole("heading", { name: "Choose your password" }).waitFor();
    await page.getByLabel("New password (10 to 72 bytes)").fill(kNewPassword);
    await page.getByLabel("The same again").fill(kNewPassword);
    await shots.take("set-password");
    await expectPost(page, /\/api\/auth\/password\/set$/, 204, () =>
      page.getByRole("button", { name: "Set password" }).click(),
    );
    await page.getByRole("heading", { name: "Password set" }).waitFor();
    await shots.take("password-set");
  });
}

// Waits until the student's first VM card shows `power` ("running", ...).
async function waitForPower(page, power, timeout) {
  await page.getByTestId("vm-card").first().waitFor();
  await page.waitForFunction(
    (wanted) =>
      document
        .querySelector("[data-testid=vm-card]")
        ?.getAttribute("data-power-state") === wanted,
    power,
    { timeout },
  );
}

async function studentLogIn(page, shots, env, email) {
  await step(`log in as ${email} with the new password`, async () => {
    await page.getByRole("link", { name: "log in" }).click();
    await logIn(page, env.baseUrl, { email, password: kNewPassword }, false);
  });

  await step(`${email}'s dashboard shows a running VM`, async () => {
    await waitForPower(page, "running", 30000);
    await shots.take("student-dashboard");
  });
}

// The student opens their VM's console, waits for the guest's prompt and
// types a command. Throws NoScreen when the VM's console has no screen.
async function studentConsole(page, shots, email) {
  await step("open the console", async () => {
    await page
      .getByTestId("vm-card")
      .first()
      .getByRole("link", { name: "Open console" })
      .click();
    const status = page.getByTestId("console-status");
    await page.waitForFunction(consoleSettled, null, {
      timeout: kFirstFrameTimeoutMs,
    });
    if ((await status.getAttribute("data-phase")) !== "connected") {
      const why = (await status.innerText()).trim();
      await shots.take("console-no-screen");
      throw new NoScreen(`${email}'s console: ${why}`);
    }
    await page.waitForFunction(canvasHasPicture, null, {
      timeout: kFirstFrameTimeoutMs,
      polling: 100,
    });
  });

  await defineCanvasChangedBy(page);
  await step("the guest's screen settles", async () => {
    await waitForQuietScreen(page, kSettleTimeoutMs);
    await shots.take("console");
  });

  const command = "uname -a; echo class-goes-live";
  await page.evaluate(rememberCanvas);
  await step(`type "${command}" and Enter`, () =>
    typeIntoConsole(page, command),
  );

  await step("the screen changed", async () => {
    await waitForScreenChange(page, kChangeTimeoutMs);
    await page.waitForTimeout(1500);
    await shots.take("typed");
  });
}

// The faculty member stops every VM of the course and waits until the
// members table shows them stopped: the end of the lab session, which
// also gives the emulator's screens back to the tests after this one.
async function stopClass(page, shots, name) {
  await step("the faculty member stops the class's VMs", async () => {
    await expectPost(
      page,
      /\/api\/courses\/\d+\/vms\/actions\/stop$/,
      202,
      () => page.getByRole("button", { name: "Stop all VMs" }).click(),
    );
    await page.waitForFunction(
      () => {
        const cells = [...document.querySelectorAll(".roster-table tbody tr")]
          .map((row) => row.lastElementChild?.textContent ?? "")
          .filter((text) => text !== "–");
        return cells.length > 0 && cells.every((text) => text === "stopped");
      },
      null,
      { timeout: 90000, polling: 1000 },
    );
    await shots.take(name, { fullPage: true });
  });
}

// Not part of the walkthrough: the tests sharing the stack after this one
// start every VM of LAB101 and need the emulator's screens, so the 30
// VMs this test made are destroyed through the API, as their faculty.
async function destroyClassVms(page, env) {
  const course = /#\/courses\/(\d+)/.exec(page.url())?.[1];
  if (!course) throw new Error(`not on a course page: ${page.url()}`);

  const answer = await page.evaluate(
    async ({ course, emails, timeoutMs }) => {
      const me = await (await fetch("/api/me")).json();
      const members = async () =>
        (await (await fetch(`/api/courses/${course}/members`)).json()).members
          .filter((m) => emails.includes(m.email.toLowerCase()) && m.vm)
          .map((m) => m.vm);
      const statuses = [];
      for (const vm of await members()) {
        const res = await fetch(`/api/vms/${vm.id}`, {
          method: "DELETE",
          headers: { "X-CSRF-Token": me.csrf_token },
        });
        statuses.push(res.status);
      }
      const deadline = Date.now() + timeoutMs;
      let left = await members();
      while (left.length > 0 && Date.now() < deadline) {
        await new Promise((done) => setTimeout(done, 1000));
        left = await members();
      }

      return { statuses, left: left.length };
    },
    { course, emails: env.classList, timeoutMs: 90000 },
  );
  const refused = answer.statuses.filter((s) => s !== 202);
  if (refused.length > 0)
    throw new Error(`DELETE /api/vms/{id} answered ${refused.join(", ")}`);
  if (answer.left > 0) throw new Error(`${answer.left} VMs were not destroyed`);
  log(`cleanup: destroyed the class's ${answer.statuses.length} VMs`);
}

// The faculty member works in one browser; each student in their own.
async function runFlow(env, shots) {
  const faculty = await env.newPage();
  shots.page = faculty;
  await importClass(faculty, shots, env);

  let passed = false;
  try {
    await studentPart(env, shots, faculty);
    passed = true;
  } finally {
    shots.page = faculty;
    await stopClass(faculty, shots, "class-stopped").catch((err) =>
      log(`could not stop the class afterwards: ${err.message}`),
    );
    try {
      await destroyClassVms(faculty, env);
    } catch (err) {
      // A failure above is the one to report; this one only if alone.
      if (passed) throw new Error(`cleanup: ${err.message}`);
      log(`cleanup: could not destroy the class's VMs: ${err.message}`);
    }
  }
}

// The first students in the file get the emulator's screens; when other
// VMs hold them all (tests on a shared stack), the class is stopped and
// the student starts their VM again, which then gets a screen.
async function studentPart(env, shots, faculty) {
  const candidates = env.classList.slice(0, kMaxCandidates);
  let page;
  for (const email of candidates) {
    page = await env.newPage();
    shots.page = page;
    const link = await readMail(page, shots, env, email);
    await setPassword(page, shots, link, email);
    await studentLogIn(page, shots, env, email);
    try {
      await studentConsole(page, shots, email);
      log(`student ${email} typed into their VM`);
      return;
    } catch (err) {
      if (!(err instanceof NoScreen)) throw err;
      log(
        `${err.message}; ${email === candidates.at(-1) ? "freeing a screen" : "trying the next student"}`,
      );
      if (email !== candidates.at(-1)) await page.context().close();
    }
  }

  const email = candidates.at(-1);
  shots.page = faculty;
  await stopClass(faculty, shots, "class-stopped-for-a-screen");
  shots.page = page;
  await step(`${email} starts their VM again`, async () => {
    await page.getByRole("link", { name: "← My VMs" }).click();
    await waitForPower(page, "stopped", 30000);
    const card = page.getByTestId("vm-card").first();
    await expectPost(page, /^\/api\/vms\/\d+\/actions\/start$/, 202, () =>
      card.getByRole("button", { name: "Start", exact: true }).click(),
    );
    await waitForPower(page, "running", 60000);
    await shots.take("student-started");
  });
  await studentConsole(page, shots, email);
  log(`student ${email} typed into their VM`);
}

async function main() {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const csv = path.resolve(
    process.env.ROSTER_CSV || path.join(here, "../fixtures/roster-demo.csv"),
  );
  const env = {
    baseUrl: readUrl("BASE_URL"),
    mailUrl: readUrl("MAIL_WEB_URL"),
    faculty: await readLogin("faculty"),
    course: process.env.COURSE_CODE || "LAB101",
    csv,
    classList: await readClassList(csv),
    classTimeoutMs: readClassTimeout(),
  };
  const outDir = await makeOutDir();

  // Only errors ClassCloud's own pages report fail the run, not maildev's.
  let started;
  await withBrowser(outDir, async ({ newPage, shots }) => {
    started = Date.now();
    env.newPage = () => newPage({ origin: env.baseUrl });
    await runFlow(env, shots);
  });

  log(
    `PASS in ${Math.round((Date.now() - started) / 1000)} s, ` +
      `screenshots in ${outDir}`,
  );
}

runMain(
  "class_flow",
  "BASE_URL=https://127.0.0.1:8443 " +
    "DEMO_LOGINS=var/demo-logins.txt MAIL_WEB_URL=http://127.0.0.1:1080 " +
    "[OUT_DIR=dir] [ROSTER_CSV=file] node class_flow.mjs",
  main,
);
