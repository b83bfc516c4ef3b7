// An operator, a clerk and an auditor at the pages of `cixi-parks serve`, in Chinese.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { startServer, startBrowser, root, artifacts } from "./server.mjs";

let server;
let browser;

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  server = await startServer();
  browser = await startBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function fresh(path = "/") {
  const page = await browser.context.newPage();
  await page.goto(server.url + path);
  return page;
}

test("an operator fills GUIDE.md example 6.1 field by field and reads 300,000.00 and its 大写", async () => {
  const page = await fresh();
  await page.getByLabel("园区编号").fill("CX-0001");
  await page.getByLabel("园区名称").fill("慈溪市某小微企业园");
  await page.getByLabel("所在镇街").fill("周巷镇");
  await page.getByLabel("运营管理机构").fill("某运营管理有限公司");
  await page.getByLabel("年度").fill("2022");
  await page.getByLabel("入选省级日期").fill("2022-04-10");
  await page.getByLabel("绩效评价档次").selectOption("B");
  await page.getByLabel("星级", { exact: true }).selectOption("2");
  await page.getByLabel("星级认定日期").fill("2022-12-05");
  await page.locator("#calculate").click();
  const star = page.locator('[data-item="star_award"]');
  assert.equal(await star.locator("[data-amount]").textContent(), "300000.00");
  assert.match(await star.textContent(), /300,000\.00/);
  assert.match(await star.textContent(), /人民币叁拾万元整/);
  assert.equal(await page.locator('[data-item="provincial_listing"] [data-amount]').textContent(), "0.00");
  assert.equal(await page.locator("[data-total]").textContent(), "300000.00");
  assert.match(await page.locator("[data-total-words]").textContent(), /人民币叁拾万元整/);
  await page.screenshot({ path: join(artifacts, "calc-zh.png"), fullPage: true });
  await page.close();
});

test("an operator uploads an application YAML and the form is filled and calculated", async () => {
  const page = await fresh();
  await page
    .locator('input[name="file"]')
    .setInputFiles(join(root, "fixtures/calc/guide-6-4-digital-counts-only-this-years-investment.yaml"));
  await page.getByRole("button", { name: "填入" }).click();
  assert.equal(await page.getByLabel("园区编号").inputValue(), "CX-0001");
  assert.equal(await page.locator('[data-item="digital_subsidy"] [data-amount]').textContent(), "486913.58");
  assert.equal(await page.locator('[data-section="digital_investments"] tbody tr').count(), 4);
  await page.close();
});

test("an operator adds and removes an investment row", async () => {
  const page = await fresh();
  const rows = page.locator('[data-section="digital_investments"] tbody tr');
  assert.equal(await rows.count(), 0);
  await page.locator('button[value="add:digital_investments"]').click();
  await page.locator('button[value="add:digital_investments"]').click();
  assert.equal(await rows.count(), 2);
  await rows.nth(0).locator('input[name="digital_investments[].item"]').fill("平台一期");
  await rows.nth(1).locator('input[name="digital_investments[].item"]').fill("平台二期");
  await page.locator('button[value="remove:digital_investments:0"]').click();
  assert.equal(await rows.count(), 1);
  assert.equal(await rows.nth(0).locator('input[name="digital_investments[].item"]').inputValue(), "平台二期");
  await page.close();
});

test("an operator gets a field error in Chinese next to the field", async () => {
  const page = await fresh();
  await page.getByLabel("园区编号").fill("CX-0001");
  await page.getByLabel("园区名称").fill("某园");
  await page.getByLabel("所在镇街").fill("周巷镇");
  await page.getByLabel("运营管理机构").fill("某公司");
  await page.getByLabel("年度").fill("2022");
  await page.locator('button[value="add:digital_investments"]').click();
  const row = page.locator('[data-section="digital_investments"] tbody tr').nth(0);
  await row.locator('input[name="digital_investments[].item"]').fill("平台");
  await row.locator('select[name="digital_investments[].kind"]').selectOption("soft");
  await row.locator('input[name="digital_investments[].amount"]').fill("12.345");
  await row.locator('input[name="digital_investments[].paid_on"]').fill("2022-03-01");
  await page.locator("#calculate").click();
  const error = page.locator('[data-error-for="digital_investments[0].amount"]');
  assert.match(await error.textContent(), /金额最多两位小数/);
  await page.screenshot({ path: join(artifacts, "calc-error-zh.png"), fullPage: true });
  await page.close();
});

test("a clerk uploads the guide batch and downloads the zip; an auditor verifies it", async () => {
  const page = await fresh("/batch");
  const dir = join(root, "fixtures/batch/guide");
  const files = readdirSync(dir).filter((f) => f.endsWith(".csv")).map((f) => join(dir, f));
  await page.locator('input[name="files"]').setInputFiles(files);
  await page.getByRole("button", { name: "计算" }).click();
  assert.equal(await page.locator("#batch-result [data-total]").textContent(), "4686913.58");
  assert.equal(await page.locator('[data-town="周巷镇"] [data-amount]').count() > 0, true);
  await page.screenshot({ path: join(artifacts, "batch-zh.png"), fullPage: true });
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#download-zip").click()]);
  const zipPath = join(artifacts, "ledger.zip");
  await download.saveAs(zipPath);
  const bytes = readFileSync(zipPath);
  assert.equal(bytes.subarray(0, 2).toString(), "PK");
  const text = bytes.toString("latin1");
  for (const name of ["ledger.csv", "rejects.csv", "summary.json", "inputs/parks.csv"]) {
    assert.ok(text.includes(name), `${name} in the zip`);
  }
  await page.goto(server.url + "/verify");
  await page.locator('input[name="file"]').setInputFiles(zipPath);
  await page.getByRole("button", { name: "核验" }).click();
  assert.equal(await page.locator("#verify-result").getAttribute("data-reproduced"), "true");
  assert.match(await page.locator("#verify-result h2").textContent(), /已复现/);
  await page.screenshot({ path: join(artifacts, "verify-zh.png"), fullPage: true });
  await page.close();
});

test("a notice prints to PDF as one A4 page", async () => {
  const page = await fresh();
  await page
    .locator('input[name="file"]')
    .setInputFiles(join(root, "fixtures/calc/guide-6-1-listing-and-2-star-same-year.yaml"));
  await page.getByRole("button", { name: "填入" }).click();
  await page.getByRole("button", { name: "审批表（打印）" }).click();
  assert.equal(await page.locator("section.notice").count(), 1);
  assert.match(await page.locator("section.notice").textContent(), /人民币叁拾万元整/);
  await page.screenshot({ path: join(artifacts, "notice-zh.png"), fullPage: true });
  const pdf = await page.pdf({ format: "A4", path: join(artifacts, "notice.pdf") });
  const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page(?!s)/g) || []).length;
  assert.equal(pages, 1);
  await page.close();
});

test("the policy and check pages render in Chinese", async () => {
  const page = await fresh("/policy");
  assert.match(await page.locator("h1").textContent(), /现行政策/);
  await page.screenshot({ path: join(artifacts, "policy-zh.png"), fullPage: false });
  await page.goto(server.url + "/check");
  await page.locator('input[name="file"]').setInputFiles(join(root, "fixtures/profile/compliant.yaml"));
  await page.getByRole("button", { name: "自查" }).click();
  assert.ok((await page.locator("#check-result [data-outcome]").count()) > 0);
  await page.screenshot({ path: join(artifacts, "check-zh.png"), fullPage: true });
  await page.close();
});
