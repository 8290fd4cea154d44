// Web hardening as a browser and an attacker see it: the CSP and its nonces, the security headers,
// cross-site writes refused (route handlers and server actions), and the proxy not skippable.
import fs from "node:fs";
import path from "node:path";
import { type APIRequestContext, type APIResponse, expect, test } from "@playwright/test";
import { SignInPage } from "./pages/sign-in-page";
import { expectNoAccessibilityViolations } from "./support/axe";
import { watchForCspViolations } from "./support/csp";

const evil = "https://evil.example";
const missingStudent = "/api/students/00000000-0000-4000-8000-000000000000";

function nonceIn(response: APIResponse): string {
  const policy = response.headers()["content-security-policy"] ?? "";
  const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
  expect(nonce, `a CSP nonce on ${response.url()}`).toBeTruthy();
  return nonce!;
}

/** Signs in through next-auth's own endpoints, as the sign-in form does; the context keeps the cookie. */
async function signInAsAdmin(request: APIRequestContext): Promise<void> {
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: "admin@school.test", password: "ams-demo-admin", json: "true" },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(200);
}

/** The id Next.js gave createDepartmentAction in this build: what a page's form would POST. */
function createDepartmentActionId(): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(process.cwd(), ".next/server/server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { exportedName: string; filename: string }>;
  };
  const id = Object.entries(manifest.node).find(([, entry]) => entry.exportedName === "createDepartmentAction")?.[0];
  expect(id, "createDepartmentAction in the server reference manifest").toBeTruthy();
  return id!;
}

/** POSTs the server action the way React's client does, with whatever headers the caller forges. */
function postCreateDepartment(request: APIRequestContext, actionId: string, code: string, headers: Record<string, string>) {
  return request.post("/admin/departments", {
    headers: { "next-action": actionId, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component", ...headers },
    data: JSON.stringify([{ code, name: `Security probe ${code}` }]),
    maxRedirects: 0,
  });
}

function uniqueCode(prefix: string): string {
  return `${prefix}${Date.now().toString(36).slice(-5)}`.toUpperCase();
}

test.describe("security headers and the Content-Security-Policy", () => {
  for (const pathname of ["/sign-in", "/no-access", "/no-such-page"]) {
    test(`${pathname} gets a fresh nonce per request, and every script on it carries that nonce`, async ({ request }) => {
      const first = await request.get(pathname);
      const second = await request.get(pathname);
      expect(nonceIn(first)).not.toBe(nonceIn(second));

      const html = await first.text();
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag).toContain(`nonce="${nonceIn(first)}"`);
    });
  }

  test("every page response carries the security headers, and none says what serves it", async ({ request }) => {
    const response = await request.get("/sign-in");
    const headers = response.headers();
    const policy = headers["content-security-policy"]!;
    expect(policy).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'(;|$)/);
    for (const directive of ["default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'"]) {
      expect(policy).toContain(directive);
    }
    // Playwright runs the production build (npm start): no eval, and HSTS is on.
    expect(policy).not.toContain("unsafe-eval");
    expect(headers["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["cross-origin-opener-policy"]).toBe("same-origin");
    expect(headers["permissions-policy"]).toBe("camera=(), microphone=(), geolocation=(), payment=(), usb=()");
    expect(headers["x-powered-by"]).toBeUndefined();
    expect(headers["x-request-id"]).toBeTruthy();
  });

  test("static files get the fixed headers too, and JSON and redirects get the CSP", async ({ request }) => {
    const html = await (await request.get("/sign-in")).text();
    const asset = /\/_next\/static\/[^"]+\.js/.exec(html)?.[0];
    expect(asset).toBeTruthy();
    const assetHeaders = (await request.get(asset!)).headers();
    expect(assetHeaders["x-content-type-options"]).toBe("nosniff");
    expect(assetHeaders["strict-transport-security"]).toBeTruthy();
    expect(assetHeaders["x-powered-by"]).toBeUndefined();

    for (const response of [await request.get("/api/health"), await request.get("/admin", { maxRedirects: 0 })]) {
      expect(response.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
      expect(response.headers()["x-content-type-options"]).toBe("nosniff");
    }
  });
});

test.describe("writes from other sites", () => {
  test("a route handler refuses a POST from a foreign origin with a 403 problem", async ({ request }) => {
    const response = await request.post(missingStudent, { headers: { origin: evil }, data: {} });
    expect(response.status()).toBe(403);
    expect(response.headers()["content-type"]).toContain("application/problem+json");
    expect(await response.json()).toMatchObject({ type: expect.any(String), title: "Not allowed", status: 403, detail: expect.any(String) });
  });

  test("a route handler refuses a write that names no origin at all, and one whose Referer is foreign", async ({ request }) => {
    expect((await request.delete(missingStudent)).status()).toBe(403);
    expect((await request.put(missingStudent, { headers: { referer: `${evil}/page` }, data: {} })).status()).toBe(403);
  });

  test("a forged x-forwarded-host cannot vouch for a foreign origin", async ({ request, baseURL }) => {
    for (const forwarded of ["evil.example", `evil.example, ${new URL(baseURL!).host}`]) {
      const response = await request.post(missingStudent, { headers: { origin: evil, "x-forwarded-host": forwarded }, data: {} });
      expect(response.status()).toBe(403);
    }
  });

  test("our own origin passes the check and reaches the handler", async ({ request, baseURL }) => {
    // The handler has no POST, so Next.js answers 405: the request got past the origin check.
    const response = await request.post(missingStudent, { headers: { origin: baseURL! }, data: {} });
    expect(response.status()).toBe(405);
  });

  test("a server action with a forged origin or a forged x-forwarded-host creates nothing", async ({ request, baseURL }) => {
    await signInAsAdmin(request);
    const actionId = createDepartmentActionId();

    // The control: the same request from our own origin does create the department, so the
    // refusals below are about where the requests came from, not their shape.
    const ownCode = uniqueCode("OK");
    const own = await postCreateDepartment(request, actionId, ownCode, { origin: baseURL! });
    expect(own.status()).toBe(200);

    const forged: Array<[string, Record<string, string>]> = [
      ["foreign origin", { origin: evil }],
      // Next.js 16 alone accepts this one: it compares Origin with x-forwarded-host when present.
      ["foreign origin with matching x-forwarded-host", { origin: evil, "x-forwarded-host": "evil.example" }],
      ["no origin", {}],
      ["opaque origin", { origin: "null" }],
    ];
    const refusedCodes: string[] = [];
    for (const [label, headers] of forged) {
      const code = uniqueCode(`X${refusedCodes.length}`);
      refusedCodes.push(code);
      const response = await postCreateDepartment(request, actionId, code, headers);
      expect(response.ok(), `${label} must not succeed`).toBe(false);
    }

    const departments = await (await request.get("/admin/departments")).text();
    expect(departments).toContain(`Security probe ${ownCode}`);
    for (const code of refusedCodes) expect(departments).not.toContain(`Security probe ${code}`);
  });
});

test.describe("the proxy cannot be skipped", () => {
  const subrequestHeaders = [
    "proxy:proxy:proxy:proxy:proxy",
    "middleware:middleware:middleware:middleware:middleware",
    "src/middleware:src/middleware:src/middleware:src/middleware:src/middleware",
    "middleware",
    "pages/_middleware",
  ];

  for (const value of subrequestHeaders) {
    test(`x-middleware-subrequest: ${value} does not open /admin or skip the checks`, async ({ request }) => {
      const page = await request.get("/admin", { headers: { "x-middleware-subrequest": value }, maxRedirects: 0 });
      expect(page.status()).toBe(307);
      expect(page.headers()["location"]).toMatch(/\/sign-in$/);
      // The proxy ran: it is what sets the CSP, and it still refuses a cross-site write.
      expect(page.headers()["content-security-policy"]).toContain("'nonce-");
      const write = await request.post(missingStudent, { headers: { "x-middleware-subrequest": value, origin: evil }, data: {} });
      expect(write.status()).toBe(403);
    });
  }

  test("an anonymous browser sending the header lands on sign-in", async ({ page }) => {
    await page.setExtraHTTPHeaders({ "x-middleware-subrequest": "proxy:proxy:proxy:proxy:proxy" });
    await page.goto("/admin");
    await expect(page).toHaveURL(/\/sign-in$/);
    await expect(page.getByText("School overview")).toHaveCount(0);
  });
});

test.describe("the app works under its own policy", () => {
  test("sign-in, navigation and a server action run with no CSP violation, and sign-in stays accessible", async ({ page }) => {
    const violations = await watchForCspViolations(page);
    const documentNonces: string[] = [];
    page.on("response", (response) => {
      if (response.request().resourceType() !== "document") return;
      const nonce = /'nonce-([^']+)'/.exec(response.headers()["content-security-policy"] ?? "")?.[1];
      documentNonces.push(nonce ?? `missing on ${response.url()}`);
    });

    const signIn = new SignInPage(page);
    await signIn.goto();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in to AMS");
    await expectNoAccessibilityViolations(page);
    // Signing in is client-side script (next-auth's signIn): it only works if the nonced scripts ran.
    await signIn.signIn("admin@school.test", "ams-demo-admin");
    await expect(page).toHaveURL(/\/admin$/);

    await page.getByRole("link", { name: "Departments" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Departments");
    const code = uniqueCode("UI");
    await page.getByLabel("Code").fill(code);
    await page.getByLabel("Name").fill(`Browser probe ${code}`);
    await page.getByRole("button", { name: "Add department" }).click();
    await expect(page.getByRole("status").filter({ hasText: `Saved Browser probe ${code}` })).toBeVisible();

    await page.goto("/students");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();

    expect(violations).toEqual([]);
    // /sign-in and /students are full page loads; the steps between are client-side navigations.
    expect(documentNonces.length).toBeGreaterThanOrEqual(2);
    expect(documentNonces.filter((n) => n.startsWith("missing"))).toEqual([]);
    expect(new Set(documentNonces).size).toBe(documentNonces.length);
  });
});
