// In Chromium: each demo role signs in and sees exactly its part of the fleet and its actions.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMerchant, createTerminal } from "@/db/fleet";
import { getPolicy } from "@/db/policy";
import { systemScope } from "@/lib/auth/scope";
import { DEMO_ACCOUNTS, seedDemoUsers, type DemoAccount } from "@/lib/demo/accounts";
import { ingestHeartbeats } from "@/lib/ingest/ingest";
import { count } from "@/tests/helpers/db";
import { settle, startApp, type App } from "./harness";

let app: App;
const account = (role: DemoAccount["role"]) => DEMO_ACCOUNTS.find((a) => a.role === role)!;

beforeAll(async () => {
  app = await startApp();
  await seedDemoUsers(app.db, Date.now());
  const sys = await systemScope(app.db);
  const merchantId = await createMerchant(app.db, { name: `<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">`, agentId: sys.agentId, city: "杭州" }, Date.now());
  await createTerminal(app.db, { sn: "XSSE2E001", merchantId, agentId: sys.agentId, model: "<b>P8</b>" }, Date.now());
  await ingestHeartbeats(app.db, sys, [{ sn: "XSSE2E001", seq: 1, ts: Date.now(), battery_pct: 80, charging: false, firmware: "2.4.1", signal_dbm: -70, network: "4G", txn_count: 1, errors: {} }], Date.now(), await getPolicy(app.db));
});
afterAll(async () => {
  await app?.stop();
});

/** Terminals with a diagnosis in the subtree of the agent with this code: what the table must count. */
async function expectedCount(agentCode: string): Promise<number> {
  const path = (await app.db.get<{ path: string }>(`SELECT path FROM agents WHERE code = ?`, [agentCode]))!.path;
  return count(app.db, `SELECT count(*) n FROM terminals t JOIN agents a ON a.id = t.agent_id WHERE a.path LIKE ?`, `${path}%`);
}

/** The harness signs the browser in as its own admin; these tests start signed out. */
async function signIn(page: Page, a: DemoAccount, from = "/terminals"): Promise<void> {
  await app.context.clearCookies();
  await page.goto(`${app.base}${from}`);
  await page.waitForURL(/\/login\?next=/);
  await page.getByLabel("邮箱").fill(a.email);
  await page.getByLabel("密码").fill(a.password);
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL((u) => u.pathname === from);
  await settle(page);
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "退出登录" }).click();
  await page.waitForURL(/\/login/);
}

const navLinks = async (page: Page) => (await page.getByTestId("settings-nav").locator("a").allInnerTexts()).map((s) => s.trim());
const digits = (s: string) => Number(s.replace(/\D/g, ""));

describe("each role sees only what it may", () => {
  it("a wrong password gets one generic message and no session", async () => {
    await app.context.clearCookies();
    const page = await app.newPage();
    await page.goto(`${app.base}/login`);
    await page.getByLabel("邮箱").fill(account("viewer").email);
    await page.getByLabel("密码").fill("not-the-password");
    await page.getByRole("button", { name: "登录" }).click();
    await expect.poll(() => page.getByTestId("login-error").innerText()).toBe("邮箱或密码不正确。");
    await app.screenshot(page, "auth-login-error");
    await page.goto(`${app.base}/terminals`);
    await page.waitForURL(/\/login/);
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it("the sub-agent viewer sees its own terminals and no settings actions", async () => {
    const page = await app.newPage();
    const viewer = account("viewer");
    await signIn(page, viewer);
    expect(digits(await page.getByTestId("total").innerText())).toBe(await expectedCount(viewer.agentCode));
    expect(await page.getByTestId("user-name").innerText()).toBe(viewer.name);
    expect(await page.getByTestId("user-role").innerText()).toContain("只读");
    await page.goto(`${app.base}/settings`);
    await settle(page);
    expect(await navLinks(page)).toEqual(["我的账号", "API 令牌", "诊断策略"]);
    await page.goto(`${app.base}/settings/policy`);
    await settle(page);
    expect(await page.getByRole("button", { name: "试算" }).count()).toBe(0);
    expect(await page.locator("input[name=minFirmware]").isDisabled()).toBe(true);
    await page.goto(`${app.base}/settings/users`);
    await settle(page);
    expect(await page.getByTestId("users-table").count()).toBe(0);
    await app.screenshot(page, "auth-viewer-users-hidden");
    await signOut(page);
    expect(page.errors.filter((e) => !e.includes("404"))).toEqual([]);
    await page.close();
  });

  it("the regional manager sees the region's terminals and the region's actions, not user admin", async () => {
    const page = await app.newPage();
    const manager = account("manager");
    await signIn(page, manager);
    expect(digits(await page.getByTestId("total").innerText())).toBe(await expectedCount(manager.agentCode));
    expect(await expectedCount(manager.agentCode)).toBeLessThan(await expectedCount("ROOT"));
    await page.goto(`${app.base}/settings`);
    await settle(page);
    expect(await navLinks(page)).toEqual(["我的账号", "API 令牌", "诊断策略", "批量导入", "终端划拨", "操作日志"]);
    await page.goto(`${app.base}/settings/audit`);
    await settle(page);
    const agents = await page.getByTestId("audit-table").locator("tbody tr td:nth-child(3)").allInnerTexts();
    expect(agents.length).toBeGreaterThan(0);
    expect(agents.every((a) => a === "EAST" || a === "HZ")).toBe(true);
    await signOut(page);
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it("the admin sees the whole network, creates a user and dry-runs the policy", async () => {
    const page = await app.newPage();
    const admin = account("admin");
    await signIn(page, admin);
    expect(digits(await page.getByTestId("total").innerText())).toBe(await expectedCount("ROOT"));
    await page.goto(`${app.base}/settings/users`);
    await settle(page);
    const form = page.locator("form", { has: page.locator("input[name=email]") });
    await form.locator("input[name=email]").fill("new.viewer@x.test");
    await form.locator("input[name=name]").fill("新同事");
    await form.locator("select[name=agent]").selectOption("SOUTH");
    await form.getByRole("button", { name: "创建用户" }).click();
    await expect.poll(() => page.getByTestId("secret").count()).toBe(1);
    expect(await page.getByTestId("secret").innerText()).toMatch(/^\S{16}$/);
    await expect.poll(() => page.getByTestId("users-table").locator("tr[data-user='new.viewer@x.test']").count()).toBe(1);
    // A duplicate is refused in the reader's language.
    await form.locator("input[name=email]").fill("new.viewer@x.test");
    await form.locator("input[name=name]").fill("重复");
    await form.getByRole("button", { name: "创建用户" }).click();
    await expect.poll(() => page.getByTestId("form-error").first().innerText()).toBe("该邮箱已被其他用户使用。");

    await page.goto(`${app.base}/settings/policy`);
    await settle(page);
    await page.locator("input[name=minFirmware]").fill("9.0.0");
    await page.getByRole("button", { name: "试算" }).click();
    await expect.poll(() => page.getByTestId("dry-run").count()).toBe(1);
    expect(await page.getByTestId("dry-run").innerText()).toMatch(/台终端中有 [1-9]\d* 台/);
    await page.locator("input[name=weakSignalDbm]").fill("20");
    await page.getByRole("button", { name: "试算" }).click();
    await expect.poll(() => page.locator("#weakSignalDbm-error").innerText()).toBe("不能大于 0");
    // What was typed survives the round trip, so the error sits beside the value that caused it.
    expect(await page.locator("input[name=weakSignalDbm]").inputValue()).toBe("20");
    expect(await page.locator("input[name=minFirmware]").inputValue()).toBe("9.0.0");
    await app.screenshot(page, "auth-admin-policy");
    const policyFirmware = () => count(app.db, `SELECT count(*) n FROM terminal_state WHERE category = 'policy_firmware'`);
    const before = await policyFirmware();
    await page.locator("input[name=weakSignalDbm]").fill("-100");
    page.once("dialog", (d) => void d.accept());
    await page.getByRole("button", { name: "保存并重新诊断" }).click();
    await expect.poll(() => page.getByTestId("policy-history").locator("tbody tr").count()).toBe(1);
    // Saving re-diagnosed the fleet: terminals below the new minimum moved to policy/firmware.
    expect(await policyFirmware()).toBeGreaterThan(before + 10);
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it("markup in a merchant name stays text in the browser", async () => {
    const page = await app.newPage();
    await signIn(page, account("admin"), "/terminals");
    let dialogs = 0;
    page.on("dialog", (d) => {
      dialogs++;
      void d.dismiss();
    });
    for (const path of ["/terminals?q=XSSE2E", "/terminals/XSSE2E001", "/"]) {
      await page.goto(`${app.base}${path}`);
      await settle(page);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    }
    await page.goto(`${app.base}/terminals/XSSE2E001`);
    await settle(page);
    expect(await page.locator("body").innerText()).toContain("<script>window.__pwned=1</script>");
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(dialogs).toBe(0);
    await page.close();
  });
});
