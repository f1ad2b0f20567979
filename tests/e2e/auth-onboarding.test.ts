// In Chromium: a regional manager imports terminals from a CSV file and transfers one (划拨).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS, seedDemoUsers } from "@/lib/demo/accounts";
import { count } from "@/tests/helpers/db";
import { settle, startApp, type App } from "./harness";

let app: App;
const manager = DEMO_ACCOUNTS.find((a) => a.role === "manager")!;

beforeAll(async () => {
  app = await startApp();
  await seedDemoUsers(app.db, Date.now());
});
afterAll(async () => {
  await app?.stop();
});

const n = (sql: string, ...p: unknown[]) => count(app.db, sql, ...p);

describe("fleet onboarding from settings", () => {
  it("imports a CSV: errors reported per line in Chinese, nothing written, then only the valid rows", async () => {
    await app.context.clearCookies();
    const page = await app.newPage();
    await page.goto(`${app.base}/settings/import`);
    await page.getByLabel("邮箱").fill(manager.email);
    await page.getByLabel("密码").fill(manager.password);
    await page.getByRole("button", { name: "登录" }).click();
    await page.waitForURL(/\/settings\/import$/);
    await settle(page);

    const csv = "\ufeff序列号,型号,商户名称,联系人,电话,省份,城市,代理商编码\nNEW0000001,P8,湖滨咖啡,周女士,13900000000,浙江,杭州,HZ\nNEW0000002,P8,深圳小店,,,广东,深圳,SOUTH\n";
    const upload = () => page.locator("input[type=file]").setInputFiles({ name: "fleet.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await upload();
    await page.getByLabel("全部导入（有任何错误则不导入）").check();
    await page.getByRole("button", { name: "开始" }).click();
    const report = page.getByTestId("import-report");
    await expect.poll(() => report.count()).toBe(1);
    expect(await report.innerText()).toContain("未写入任何数据");
    expect(await report.locator("tbody tr").innerText()).toMatch(/3\s+NEW0000002\s+代理商编码: 代理商不存在或不在你的管辖范围内/);
    expect(await n(`SELECT count(*) n FROM terminals WHERE sn LIKE 'NEW%'`)).toBe(0);

    await upload();
    await page.getByLabel("只导入通过检查的行").check();
    await page.getByRole("button", { name: "开始" }).click();
    await expect.poll(async () => (await report.innerText()).includes("已导入 1 台终端")).toBe(true);
    expect(await n(`SELECT count(*) n FROM terminals t JOIN agents a ON a.id = t.agent_id WHERE t.sn = 'NEW0000001' AND a.code = 'HZ'`)).toBe(1);
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it("transfers a terminal to a sub-agent and lists the move", async () => {
    const page = await app.newPage();
    const sn = app.fleet.terminals.find((t) => t.agent === "EAST")!.sn;
    await page.goto(`${app.base}/settings/transfer?sn=${sn}`);
    await settle(page);
    await page.locator("select[name=toAgent]").selectOption("HZ");
    await page.locator("input[name=note]").fill("补货调拨");
    await page.getByRole("button", { name: "划拨" }).click();
    await expect.poll(() => page.getByRole("status").first().innerText()).toContain("已划拨 1 台");
    await page.reload();
    await settle(page);
    expect(await page.getByTestId("transfers-table").locator("tbody tr").first().innerText()).toMatch(new RegExp(`${sn}\\s+EAST\\s+HZ\\s+${manager.email}\\s+补货调拨`));
    // A serial outside the manager's region is refused as unknown, and nothing moves.
    const south = app.fleet.terminals.find((t) => t.agent === "SOUTH")!.sn;
    await page.locator("textarea[name=serials]").fill(south);
    await page.getByRole("button", { name: "划拨" }).click();
    await expect.poll(() => page.getByTestId("form-error").innerText()).toBe("找不到该对象，或它不在你的管辖范围内。");
    expect(await page.locator("textarea[name=serials]").inputValue()).toBe(south);
    expect(await n(`SELECT count(*) n FROM terminals t JOIN agents a ON a.id = t.agent_id WHERE t.sn = ? AND a.code = 'SOUTH'`, south)).toBe(1);
    await app.screenshot(page, "auth-transfer");
    expect(page.errors).toEqual([]);
    await page.close();
  });
});
