// In Chromium: a regional manager signs in, works the call queue (acknowledge, log a call,
// resolve) and sees each step on the alert's timeline with their name; bulk assign; a viewer reads only.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS, seedDemoUsers, type DemoAccount } from "@/lib/demo/accounts";
import type { Finding } from "@/lib/rules/types";
import { QUEUE_PAGE_SIZE } from "@/db/queries/alerts-queue";
import { startReceiver } from "../unit/notify/receiver";
import { settle, startApp, type App } from "./harness";

let app: App;
const account = (role: DemoAccount["role"]) => DEMO_ACCOUNTS.find((a) => a.role === role)!;

beforeAll(async () => {
  app = await startApp();
  await seedDemoUsers(app.db, Date.now());
});
afterAll(async () => {
  await app?.stop();
});

async function signIn(page: Page, a: DemoAccount, from: string): Promise<void> {
  await app.context.clearCookies();
  await page.goto(`${app.base}${from}`);
  await page.waitForURL(/\/login\?next=/);
  await page.getByLabel("邮箱").fill(a.email);
  await page.getByLabel("密码").fill(a.password);
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL((u) => u.pathname === from);
  await settle(page);
}

/** The oracle: open or acknowledged alerts of the agent's subtree outside open incidents. */
async function queueIds(agentCode: string): Promise<number[]> {
  return (
    await app.db.all<{ id: number }>(
      `SELECT a.id FROM alerts a JOIN terminals t ON t.id = a.terminal_id JOIN agents ag ON ag.id = t.agent_id
        WHERE ag.path LIKE (SELECT path FROM agents WHERE code = ?) || '%' AND a.status IN ('open', 'acknowledged')
          AND (a.incident_id IS NULL OR NOT EXISTS (SELECT 1 FROM incidents i WHERE i.id = a.incident_id AND i.status = 'open'))`,
      [agentCode],
    )
  ).map((r) => r.id);
}

const alertRow = async (id: number) =>
  (await app.db.get<{ status: string; assigneeId: number | null; outcome: string | null; resolution: string | null }>(
    `SELECT status, assignee_id AS "assigneeId", last_call_outcome AS outcome, resolution FROM alerts WHERE id = ?`,
    [id],
  ))!;

describe("the call queue", () => {
  it("a manager acknowledges, logs a call and resolves; the timeline names them at each step", async () => {
    const manager = account("manager");
    const expected = await queueIds(manager.agentCode);
    expect(expected.length).toBeGreaterThan(1);
    const page = await app.newPage();
    await signIn(page, manager, "/alerts");
    const rows = page.getByTestId("queue-table").locator("tbody tr[data-row-id]");
    expect(await rows.count()).toBe(Math.min(expected.length, QUEUE_PAGE_SIZE));
    for (const id of await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute("data-row-id"))))) expect(expected).toContain(id);
    await app.screenshot(page, "alerts-queue-zh");

    // The top of the queue: open it, read the script, act.
    const top = Number(await rows.first().getAttribute("data-row-id"));
    const findings = JSON.parse((await app.db.get<{ f: string }>(`SELECT tf.findings AS f FROM alerts a JOIN terminal_findings tf ON tf.terminal_id = a.terminal_id WHERE a.id = ?`, [top]))!.f) as Finding[];
    await rows.first().getByTestId("open-alert").click();
    await page.waitForURL(new RegExp(`/alerts/${top}$`));
    await settle(page);
    const script = await page.getByTestId("fix-script").innerText();
    const category = (await app.db.get<{ category: string }>(`SELECT category FROM alerts WHERE id = ?`, [top]))!.category;
    for (const f of findings.filter((x) => x.category === category)) for (const step of f.steps.zh) expect(script).toContain(step);
    expect(await page.getByTestId("tel").getAttribute("href")).toMatch(/^tel:/);

    if ((await page.getByTestId("acknowledge").count()) > 0) {
      await page.getByTestId("acknowledge").click();
      await expect.poll(() => page.getByTestId("alert-status").innerText()).toBe("已确认");
    }
    await page.getByTestId("call-outcome").selectOption("no_answer");
    await page.getByTestId("call-note").fill("下午三点再打");
    await page.getByTestId("log-call").click();
    await expect.poll(async () => (await alertRow(top)).outcome).toBe("no_answer");
    await expect.poll(() => page.getByTestId("timeline").innerText()).toContain("下午三点再打");
    await page.getByTestId("resolve-outcome").selectOption("fixed_on_site");
    await page.getByTestId("resolve").click();
    await expect.poll(() => page.getByTestId("alert-status").innerText()).toBe("已解决");
    expect(await alertRow(top)).toMatchObject({ status: "resolved", resolution: "fixed_on_site" });

    const entries = page.getByTestId("timeline").locator("li");
    const byKind = async (kind: string) => page.getByTestId("timeline").locator(`li[data-kind=${kind}]`).getByTestId("actor").innerText();
    expect(await byKind("acknowledged")).toBe(manager.name);
    expect(await byKind("call_logged")).toBe(manager.name);
    expect(await byKind("resolved")).toBe(manager.name);
    expect(await page.getByTestId("timeline").locator("li[data-kind=created]").getByTestId("actor").innerText()).toBe("系统");
    expect(await entries.count()).toBeGreaterThanOrEqual(5);
    await app.screenshot(page, "alert-detail-zh");
    expect(page.errors).toEqual([]);

    // Back in the queue, the resolved alert is gone.
    await page.goto(`${app.base}/alerts`);
    await settle(page);
    expect(await page.locator(`tr[data-row-id="${top}"]`).count()).toBe(0);
    await page.close();
  });

  it("bulk-assigns selected alerts to the signed-in manager", async () => {
    const manager = account("manager");
    const page = await app.newPage();
    await signIn(page, manager, "/alerts");
    const rows = page.getByTestId("queue-table").locator("tbody tr[data-row-id]");
    const ids = (await rows.evaluateAll((trs) => trs.slice(0, 2).map((tr) => Number(tr.getAttribute("data-row-id")))));
    for (const id of ids) await page.locator(`tr[data-row-id="${id}"]`).getByTestId("select").check();
    expect(await page.getByTestId("selected-count").innerText()).toBe("已选 2 条");
    await page.getByTestId("bulk-assign").click();
    await expect.poll(() => page.getByTestId("bulk-result").innerText()).toContain("已处理 2 条");
    const me = (await app.db.get<{ id: number }>(`SELECT id FROM users WHERE email = ?`, [manager.email]))!.id;
    for (const id of ids) expect((await alertRow(id)).assigneeId).toBe(me);
    await page.getByTestId("filter-assignee").selectOption("me");
    await page.waitForURL(/assignee=me/);
    await settle(page);
    expect((await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute("data-row-id"))))).sort()).toEqual([...ids].sort());
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it("a viewer reads the queue of their sub-agent but has no actions", async () => {
    const viewer = account("viewer");
    const page = await app.newPage();
    await signIn(page, viewer, "/alerts");
    expect(await page.getByTestId("read-only").count()).toBe(1);
    expect(await page.getByTestId("bulk-ack").count()).toBe(0);
    expect(await page.getByTestId("queue-table").locator("tbody tr[data-row-id]").count()).toBe(Math.min((await queueIds(viewer.agentCode)).length, QUEUE_PAGE_SIZE));
    expect(page.errors).toEqual([]);
    await page.close();
  });
});

describe("notification channels", () => {
  it("an admin adds a WeCom robot, sends a test message and sees it in the delivery log", async () => {
    const rx = await startReceiver(() => ({ status: 200, body: { errcode: 0, errmsg: "ok" } }), { max: 5 });
    try {
      const page = await app.newPage();
      await signIn(page, account("admin"), "/settings/channels");
      const form = page.getByTestId("channel-form");
      await form.locator("input[name=name]").fill("运维群");
      await form.locator("select[name=kind]").selectOption("wecom");
      await form.locator("input[name=url]").fill(`${rx.base}/cgi-bin/webhook/send?key=e2e-key-123`);
      await form.getByRole("button", { name: "创建" }).click();
      await expect.poll(() => page.getByTestId("channels-table").locator("tbody tr").count()).toBe(1);
      const row = page.getByTestId("channels-table").locator("tbody tr").first();
      // The robot's key is a credential: the page shows the host, never the key.
      expect(await row.innerText()).not.toContain("e2e-key-123");
      await row.getByRole("button", { name: "发送测试消息" }).click();
      await expect.poll(() => row.getByTestId("test-result").innerText()).toBe("测试消息已送达（HTTP 200）。");
      expect(rx.requests).toHaveLength(1);
      expect(rx.requests[0]!.json.markdown.content).toContain("测试消息");
      await page.reload();
      await settle(page);
      expect(await page.getByTestId("delivery-log").locator("tbody tr").count()).toBe(1);
      expect(await page.getByTestId("delivery-log").innerText()).toContain("成功");
      await app.screenshot(page, "channels-zh");
      expect(page.errors).toEqual([]);
      await page.close();
    } finally {
      await rx.close();
    }
  });
});
