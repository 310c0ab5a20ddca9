// Browser test of the login flow: a student logs in through the UI, sees
// their email on the home page, and logs out, in Debian's chromium.
//
// Environment:
//   BASE_URL     where ClassCloud answers, e.g. https://127.0.0.1:8443
//   DEMO_LOGINS  file of `<role> <email> <password>` lines (make run writes
//                $CC_VAR/demo-logins.txt)
//   OUT_DIR      where screenshots go (default: out/ beside this script)
//   CHROMIUM     browser binary (default: /usr/bin/chromium)
//
// Exits 0 when every step passed, 1 when one failed, 2 on bad usage.

import {
  log,
  makeOutDir,
  openStart,
  readLogin,
  readUrl,
  runMain,
  step,
  visibleAlert,
  withBrowser,
} from "./browser.mjs";

async function runFlow(page, baseUrl, login, shots) {
  const loginHeading = page.getByRole("heading", { name: "Log in" });

  await step(`open ${baseUrl}/ and get the login page`, async () => {
    await openStart(page, baseUrl);
    await loginHeading.waitFor();
    await shots.take("login");
  });

  await step(`log in as ${login.email}`, async () => {
    await page.getByLabel("Email").fill(login.email);
    await page.getByLabel("Password").fill(login.password);

    const answer = page.waitForResponse(
      (res) =>
        res.url().endsWith("/api/auth/login") &&
        res.request().method() === "POST",
    );
    await page.getByRole("button", { name: "Log in" }).click();
    const res = await answer;
    if (res.status() !== 200) {
      await page
        .getByRole("alert")
        .first()
        .waitFor()
        .catch(() => {});
      throw new Error(
        `POST /api/auth/login answered ${res.status()}` +
          (await visibleAlert(page)),
      );
    }
  });

  await step("home page shows the student's email", async () => {
    const shown = page.getByTestId("user-email");
    try {
      await shown.waitFor();
    } catch {
      throw new Error(`no email on the page${await visibleAlert(page)}`);
    }

    const text = (await shown.innerText()).trim();
    if (text.toLowerCase() !== login.email.toLowerCase())
      throw new Error(`shows "${text}", expected "${login.email}"`);

    const role = (await page.getByTestId("user-role").innerText()).trim();
    if (role !== "student") throw new Error(`role is "${role}", not student`);

    await shots.take("home");
  });

  await step("log out", async () => {
    const answer = page.waitForResponse(
      (res) =>
        res.url().endsWith("/api/auth/logout") &&
        res.request().method() === "POST",
    );
    await page.getByRole("button", { name: "Log out" }).click();
    const res = await answer;
    if (!res.ok())
      throw new Error(
        `POST /api/auth/logout answered ${res.status()}` +
          (await visibleAlert(page)),
      );

    await loginHeading.waitFor();
    await shots.take("logged-out");
  });

  await step("the old session no longer works", async () => {
    const status = await page.evaluate(async () => {
      const res = await fetch("/api/me", { credentials: "same-origin" });

      return res.status;
    });
    if (status !== 401) throw new Error(`GET /api/me answered ${status}`);
  });
}

async function main() {
  const baseUrl = readUrl("BASE_URL");
  const login = await readLogin("student");
  const outDir = await makeOutDir();

  await withBrowser(outDir, async ({ newPage, shots }) => {
    shots.page = await newPage({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    await runFlow(shots.page, baseUrl, login, shots);
  });

  log(`PASS, screenshots in ${outDir}`);
}

runMain(
  "login_flow",
  "BASE_URL=https://127.0.0.1:8443 " +
    "DEMO_LOGINS=var/demo-logins.txt [OUT_DIR=dir] node login_flow.mjs",
  main,
);
