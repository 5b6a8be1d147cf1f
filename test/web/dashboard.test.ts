import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { get as httpGet, type IncomingHttpHeaders } from "node:http";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Page, Response } from "playwright-core";
import { PROJECT_ROOT } from "../../src/database/index.js";
import { DASHBOARD_ROOT } from "../../src/dashboard/index.js";
import type { Hub } from "../../src/server/hub.js";
import { importSeed } from "../../src/seeding/index.js";
import { resetGraph } from "../support/graph.js";
import { postGraphql, startTestHub, testToken } from "../support/hub.js";
import { launchBrowser, type Browser } from "./browser.js";

/**
 * The analyst's dashboard in a real headless Chromium (Debian's), against a hub on the
 * Longhutang seed: the figures of seeds/longhutang/EXPECTED.md, the role limits, the CSV, the
 * print view, the explorer and the languages, with every request checked to stay on the origin.
 */
const ARTEFACTS = join(PROJECT_ROOT, "test-artifacts", "web");

/** seeds/longhutang/EXPECTED.md §1, subdistrict LHT: compounds with a branch, buildings with a group, scopes with a general branch. */
const EXPECTED: Record<string, [number, number][]> = {
  "2020-06-30": [
    [7, 11],
    [27, 58],
    [4, 8],
  ],
  "2020-07-01": [
    [7, 11],
    [27, 58],
    [2, 2],
  ],
  "2026-11-28": [
    [12, 15],
    [43, 77],
    [2, 2],
  ],
};
const MEASURES = ["compoundsWithBranch", "buildingsWithGroup", "communitiesWithOrganisation"] as const;

/** Polls for up to 60 s: the machine is shared, and a page waits on Neo4j. */
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 60_000, interval: 250 });

/** RFC 4180, as the hub writes it (src/exports/csv.ts): quoted cells, doubled quotes, CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        cell += '"';
        index++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      row.push(cell);
      cell = "";
    } else if (char === "\n") {
      row.push(cell.replace(/\r$/, ""));
      rows.push(row);
      row = [];
      cell = "";
    } else cell += char;
  }
  if (cell !== "" || row.length > 0) rows.push([...row, cell]);
  return rows;
}

/** A GET whose body is the bytes as sent (fetch would decompress them). */
function rawGet(path: string, headers: Record<string, string>, base = dashboardOrigin): Promise<{ headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    httpGet(`${base}${path}`, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
      response.on("error", reject);
    }).on("error", reject);
  });
}
let dashboardOrigin = "";

describe("the analyst's dashboard in Chromium", { timeout: 240_000 }, () => {
  let hub: Hub;
  let origin: string;
  let browser: Browser;
  const outside: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(join(DASHBOARD_ROOT, "index.html"))) {
      // npm test builds it first (scripts/test.sh); a lone `npx vitest run test/web` builds it here.
      const build = spawnSync("npx", ["vite", "build", "--config", "web/vite.config.ts", "--logLevel", "warn"], { cwd: PROJECT_ROOT, encoding: "utf8" });
      if (build.status !== 0) throw new Error(`the dashboard did not build:\n${build.stdout}\n${build.stderr}`);
    }
    mkdirSync(ARTEFACTS, { recursive: true });
    hub = await startTestHub({ HUB_DASHBOARD_PORT: "0", NEO4J_TX_TIMEOUT_MS: "300000" });
    await resetGraph(hub.db);
    await importSeed(hub.db, join(PROJECT_ROOT, "seeds", "longhutang"));
    origin = new URL(hub.dashboardUrl!).origin;
    dashboardOrigin = origin;
    // Neo4j plans each statement once: do it before the clock of a page's first wait starts.
    for (const asOf of Object.keys(EXPECTED)) await postGraphql(hub.url, `query($asOf: LocalDate) { coverage(place: "LHT", asOf: $asOf) { totals { compoundsWithBranch { covered } } } }`, { asOf });
    browser = await launchBrowser();
    browser.context.setDefaultTimeout(60_000);
    // Every request the browser makes, from any page or worker, must stay on the hub's origin.
    browser.context.on("request", (request) => {
      const url = request.url();
      if (!url.startsWith(`${origin}/`) && !url.startsWith("blob:") && !url.startsWith("data:")) outside.push(url);
    });
    await browser.context.route(
      (url) => url.origin !== origin && url.protocol !== "blob:" && url.protocol !== "data:",
      (route) => route.abort("blockedbyclient"),
    );
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
  });
  afterEach(() => {
    // Emptied here, so what one test's page did fails that test only, not every test after it.
    const [left, errors] = [outside.splice(0), pageErrors.splice(0)];
    expect(left, "requests that left the hub's origin").toEqual([]);
    expect(errors, "uncaught errors in the page").toEqual([]);
  });

  async function open(role: "viewer" | "analyst", query: string, subject = `web-${role}`): Promise<Page> {
    const token = await testToken({ role, sub: subject });
    const page = await browser.context.newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
    // The page keeps its token in sessionStorage (web/src/client.ts): put it there before the page runs.
    await page.addInitScript(`sessionStorage.setItem("dangjian-hub.token", ${JSON.stringify(token)})`);
    await page.goto(`${origin}/?${query}`);
    await page.getByTestId("who").waitFor();
    return page;
  }

  async function totals(page: Page, date: string): Promise<[number, number][]> {
    await page.locator(`[data-testid=coverage-title][data-asof='${date}']`).waitFor({ timeout: 120_000 });
    return Promise.all(
      MEASURES.map(async (measure) => {
        const element = page.getByTestId(`total-${measure}`);
        return [Number(await element.getAttribute("data-covered")), Number(await element.getAttribute("data-total"))] as [number, number];
      }),
    );
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTEFACTS, `${name}.png`), fullPage: true });

  it("serves the built page from its own port with a same-origin-only policy, and the hub's API beside it", async () => {
    const response = await fetch(`${origin}/?scope=LHT`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toContain("default-src 'self'");
    const html = await response.text();
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);
    expect((await fetch(`${origin}/healthz`)).status).toBe(200);
    expect((await fetch(`${origin}/graphql`, { method: "POST" })).status).toBe(401);
    expect((await fetch(`${origin}/..%2f..%2fpackage.json`)).status).toBeGreaterThanOrEqual(400);
  });

  it("serves the built assets compressed (brotli, gzip) with a year's cache for hashed files, and the browser gets them so", async () => {
    const html = await rawGet("/", {});
    const entry = /<script[^>]+src="(\/assets\/[^"]+\.js)"/.exec(html.body.toString("utf8"))![1]!;
    expect(html.headers["cache-control"]).toBe("no-cache");
    const plain = await rawGet(entry, {});
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(plain.headers.vary).toBe("accept-encoding");
    const br = await rawGet(entry, { "accept-encoding": "gzip, deflate, br" });
    expect(br.headers["content-encoding"]).toBe("br");
    expect(Number(br.headers["content-length"])).toBe(br.body.length);
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    expect(br.body.length).toBeLessThan(plain.body.length / 3);
    const gz = await rawGet(entry, { "accept-encoding": "gzip" });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);
    // br refused (q=0): gzip; nothing acceptable: the bytes as they are.
    expect((await rawGet(entry, { "accept-encoding": "br;q=0, gzip;q=0.5" })).headers["content-encoding"]).toBe("gzip");
    expect((await rawGet(entry, { "accept-encoding": "identity" })).headers["content-encoding"]).toBeUndefined();
    // Chromium asks for brotli and gets it for the page's scripts and styles.
    const page = await browser.context.newPage();
    const encodings = new Map<string, string | undefined>();
    page.on("response", (response) => {
      // Files under 1 KiB are not worth a compressed copy (web/precompress.ts).
      if (/\/assets\/.+\.(js|css)$/.test(response.url()) && Number(response.headers()["content-length"] ?? Infinity) >= 1024)
        encodings.set(new URL(response.url()).pathname, response.headers()["content-encoding"]);
    });
    await page.goto(`${origin}/`);
    await page.getByRole("heading", { level: 1 }).waitFor();
    expect(encodings.get(entry)).toBe("br");
    expect(encodings.size).toBeGreaterThanOrEqual(2);
    expect([...encodings.values()].every((encoding) => encoding === "br")).toBe(true);
    await page.close();
  });

  it("shows who is signed in and the coverage the API returns before, on and after the merger; a new date changes them", async () => {
    const page = await open("analyst", "scope=LHT&date=2020-06-30", "analyst-li");
    await poll(() => page.getByTestId("who").textContent()).toContain("analyst-li");
    expect(await page.getByTestId("who").textContent()).toContain("ANALYST");
    expect(await totals(page, "2020-06-30")).toEqual(EXPECTED["2020-06-30"]);
    await shot(page, "coverage-2020-06-30");
    for (const date of ["2020-07-01", "2026-11-28"]) {
      await page.getByTestId("date").fill(date);
      expect(await totals(page, date)).toEqual(EXPECTED[date]);
      expect(new URL(page.url()).searchParams.get("date")).toBe(date);
      const api = await postGraphql<{ coverage: { totals: Record<string, { covered: number; total: number }> } }>(
        hub.url,
        `query($asOf: LocalDate) { coverage(place: "LHT", asOf: $asOf) { totals { ${MEASURES.map((m) => `${m} { covered total }`).join(" ")} } } }`,
        { asOf: date },
      );
      expect(await totals(page, date)).toEqual(MEASURES.map((m) => [api.data!.coverage.totals[m]!.covered, api.data!.coverage.totals[m]!.total]));
    }
    // The numbers behind the breakdown chart, one click away: the two communities after the merger.
    await page.getByTestId("breakdown-chart").getByRole("button").click();
    const rows = await page.getByTestId("breakdown-chart").locator("tbody tr").allTextContents();
    expect(rows.map((row) => row.slice(0, 6))).toEqual(["LHT-C1", "LHT-C2"]);
    expect(rows[0]).toContain("5/7");
    await shot(page, "coverage-2026-11-28");
    // A bookmark of the view opens the same view.
    const again = await open("analyst", new URL(page.url()).search.slice(1));
    expect(await totals(again, "2026-11-28")).toEqual(EXPECTED["2026-11-28"]);
    await again.close();
    await page.close();
  });

  it("draws the rates over time from the time series, the merger step included, and compares two dates", async () => {
    const page = await open("analyst", "scope=LHT&date=2020-07-01&panel=overTime");
    const chart = page.getByTestId("over-time-chart");
    await chart.waitFor();
    await chart.getByRole("button").click();
    // Dates in the page's locale (zh-Hans): the first of each month.
    const cells = async (date: string) => chart.locator("tbody tr").filter({ hasText: date }).first().locator("td").allTextContents();
    // Scopes with a general branch: 4 of the 8 villages and the old town before, 2 of 2 communities on merger day.
    expect((await cells("2020年6月1日"))[3]).toMatch(/^4\/8 /);
    expect((await cells("2020年7月1日")).slice(1).map((cell) => cell.split(" ")[0])).toEqual(["7/11", "27/58", "2/2"]);
    // The merger's date is marked on the chart.
    await poll(() => chart.locator("svg").textContent()).toContain("撤并");
    const comparison = page.getByTestId("comparison");
    await comparison.getByRole("button", { name: /撤并/ }).click();
    await poll(() => comparison.getByTestId("comparison-table").locator("tbody tr").nth(2).textContent()).toMatch(/4\/8.*2\/2/);
    await shot(page, "over-time");
    await page.close();
  });

  it("marks the gaps in the tree as of the date, as the gap lists name them", async () => {
    const page = await open("analyst", "scope=LHT-C1&date=2026-11-28");
    const tree = page.getByTestId("tree");
    await tree.locator("[role=treeitem][data-code='LHT-C1-R04']").waitFor();
    await poll(() => tree.locator("[data-gap='noBranch']").evaluateAll((items) => items.map((item) => (item as unknown as { dataset: { code: string } }).dataset.code).sort())).toEqual(["LHT-C1-R04", "LHT-C1-R07"]);
    expect(await tree.locator("[data-code='LHT-C1-R01']").getAttribute("data-gap")).toBeNull();
    // The gaps inside each place: every compound without a branch and building without a group below it.
    const api = await postGraphql<{ coverage: Record<string, { totalCount: number }> }>(
      hub.url,
      `{ coverage(place: "LHT-C1", asOf: "2026-11-28") { compoundsWithoutBranch(first: 1) { totalCount } buildingsWithoutGroup(first: 1) { totalCount } } }`,
    );
    await poll(() => tree.locator("[data-code='LHT-C1']").getAttribute("data-inside")).toBe(String(api.data!.coverage.compoundsWithoutBranch!.totalCount + api.data!.coverage.buildingsWithoutGroup!.totalCount));
    await expect.poll(() => tree.locator("[data-code='LHT-C1'] > .row .inside-badge").textContent()).toMatch(/^\d+ 个空白$/);
    await shot(page, "tree-LHT-C1");
    await page.close();
  });

  it("moves through the place tree by keyboard (ARIA tree: roving tabindex, arrows, Home/End, Enter picks)", async () => {
    const page = await open("analyst", "scope=LHT-C1&date=2026-11-28");
    const tree = page.getByRole("tree");
    await tree.locator("[role=treeitem][data-code='LHT-C1-R04']").waitFor();
    const focused = () => page.evaluate<string>("document.activeElement?.dataset.code ?? document.activeElement?.tagName");
    const tabStops = () => tree.locator("[role=treeitem][tabindex='0']").evaluateAll((items) => items.map((item) => (item as unknown as { dataset: { code: string } }).dataset.code));
    // One tab stop, on the place in scope; Tab reaches it from the search box's button.
    expect(await tabStops()).toEqual(["LHT-C1"]);
    await page.getByRole("search").getByRole("button").focus();
    await page.keyboard.press("Tab");
    expect(await focused()).toBe("LHT-C1");
    expect(await tree.locator("[data-code='LHT-C1']").getAttribute("aria-expanded")).toBe("true");
    expect(await tree.locator("[data-code='LHT-C1']").getAttribute("aria-selected")).toBe("true");
    const press = async (key: string, expected: string) => {
      await page.keyboard.press(key);
      await poll(focused).toBe(expected);
      expect(await tabStops()).toEqual([expected]);
    };
    await press("Home", "LHT");
    await press("End", "LHT-C2");
    await press("ArrowUp", "LHT-C1-Y01");
    await press("Home", "LHT");
    await press("ArrowDown", "LHT-C1");
    await press("ArrowRight", "LHT-C1-OB");
    for (const code of ["LHT-C1-R01", "LHT-C1-R02", "LHT-C1-R03", "LHT-C1-R04"]) await press("ArrowDown", code);
    // → opens a closed place (its buildings are read as of the date), → again enters it, ← goes back up and closes.
    const r04 = tree.locator("[data-code='LHT-C1-R04']");
    expect(await r04.getAttribute("aria-expanded")).toBe("false");
    await page.keyboard.press("ArrowRight");
    await poll(() => r04.getAttribute("aria-expanded")).toBe("true");
    await r04.locator("[role=group] > [role=treeitem]").first().waitFor();
    await press("ArrowRight", "LHT-C1-R04-B01");
    expect(await tree.locator("[data-code='LHT-C1-R04-B01']").getAttribute("data-gap")).toBe("noGroup");
    expect(await tree.locator("[data-code='LHT-C1-R04-B01']").getAttribute("aria-level")).toBe("4");
    await press("ArrowLeft", "LHT-C1-R04");
    await page.keyboard.press("ArrowLeft");
    await poll(() => r04.getAttribute("aria-expanded")).toBe("false");
    // Enter makes the focused place the scope: the URL, the selection and the panel follow.
    await page.keyboard.press("Enter");
    await poll(() => new URL(page.url()).searchParams.get("scope")).toBe("LHT-C1-R04");
    await page.locator("[data-testid=coverage-title][data-scope='LHT-C1-R04']").waitFor();
    await poll(() => r04.getAttribute("aria-selected")).toBe("true");
    expect(await focused()).toBe("LHT-C1-R04");
    await shot(page, "tree-keyboard");
    // The search by keyboard: a code as typed (any case) finds its place, Enter on the result picks it.
    await page.getByTestId("place-search").fill("lht-c2-r01");
    await page.getByTestId("place-search").press("Enter");
    const result = page.getByTestId("search-results").getByRole("button").first();
    await poll(() => result.textContent()).toContain("LHT-C2-R01");
    await result.focus();
    await page.keyboard.press("Enter");
    await poll(() => new URL(page.url()).searchParams.get("scope")).toBe("LHT-C2-R01");
    await page.close();
  });

  it("pages a gap list through its connection: every row is reachable, in the API's order", async () => {
    const page = await open("analyst", "scope=LHT&date=2026-11-28");
    const api = await postGraphql<{ coverage: { buildingsWithoutGroup: { totalCount: number; edges: { node: { place: { code: string } } }[] } } }>(
      hub.url,
      `{ coverage(place: "LHT", asOf: "2026-11-28") { buildingsWithoutGroup(first: 100) { totalCount edges { node { place { code } } } } } }`,
    );
    const all = api.data!.coverage.buildingsWithoutGroup.edges.map((edge) => edge.node.place.code);
    expect(all.length).toBe(api.data!.coverage.buildingsWithoutGroup.totalCount);
    expect(all.length).toBeGreaterThan(20);
    const pager = page.getByTestId("buildings-without-group-pager");
    const codes = () => page.getByTestId("buildings-without-group").locator("tbody tr td:first-child").allTextContents();
    await poll(() => pager.getAttribute("data-total")).toBe(String(all.length));
    // 20 rows a page: the first page, then the next one after its cursor, until the last row.
    await page.getByTestId("buildings-without-group-pager-size").selectOption("20");
    await poll(() => pager.getAttribute("data-shown")).toBe("20");
    expect(await codes()).toEqual(all.slice(0, 20));
    expect(await codes()).not.toContain(all[all.length - 1]);
    await page.getByTestId("buildings-without-group-pager-more").click();
    await poll(() => pager.getAttribute("data-shown")).toBe(String(Math.min(40, all.length)));
    while ((await pager.getByTestId("buildings-without-group-pager-more").count()) > 0) {
      const shown = Number(await pager.getAttribute("data-shown"));
      await page.getByTestId("buildings-without-group-pager-more").click();
      await poll(() => pager.getAttribute("data-shown").then(Number)).toBeGreaterThan(shown);
    }
    expect(await codes()).toEqual(all);
    expect(await pager.textContent()).toContain(`已显示 ${all.length} / ${all.length}`);
    await page.close();
  });

  it("lays every panel out at 1366×768 and on a tablet (768×1024) with no sideways scrolling", async () => {
    const page = await open("analyst", "scope=LHT-C1&date=2026-11-28");
    for (const [width, height] of [
      [1366, 768],
      [768, 1024],
    ] as const) {
      await page.setViewportSize({ width, height });
      for (const panel of ["coverage", "overTime", "lineage", "linkage", "ledgers"] as const) {
        await page.getByTestId(`tab-${panel}`).click();
        const main = page.getByTestId(`panel-${panel}`);
        await main.waitFor();
        // Wait for what the panel draws: a chart or a table.
        await main.locator("figure.chart svg, table tbody tr").first().waitFor();
        await poll(() => page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(width);
        const box = (await main.boundingBox())!;
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(width);
        // Readable: body text at 13 px or more, the tree and the pickers within the screen too.
        expect(await page.evaluate<number>(`parseFloat(getComputedStyle(document.querySelector("main")).fontSize)`)).toBeGreaterThanOrEqual(13);
        const tree = (await page.getByTestId("tree").boundingBox())!;
        expect(tree.x + tree.width).toBeLessThanOrEqual(width);
        await page.screenshot({ path: join(ARTEFACTS, `layout-${width}x${height}-${panel}.png`) });
      }
    }
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.close();
  });

  it("draws the lineage: the seven villages and the old town flow into the two communities", async () => {
    const page = await open("analyst", "scope=LHT&date=2020-07-01&panel=lineage");
    const chart = page.getByTestId("lineage-chart");
    await chart.waitFor();
    await chart.getByRole("button").click();
    // The table is drawn after the click: read it once its eight flows are there (a read straight
    // after the click found it empty once in a CI rehearsal).
    await poll(() => chart.locator("tbody tr").count()).toBe(8);
    const rows = await Promise.all((await chart.locator("tbody tr").all()).map((tr) => tr.locator("td").allTextContents()));
    const flows = rows.map(([from, to]) => `${/\((.+)\)/.exec(from!)![1]}→${/\((.+)\)/.exec(to!)![1]}`).sort();
    expect(flows).toEqual(
      ["LHT-V1→LHT-C1", "LHT-V2→LHT-C1", "LHT-V3→LHT-C1", "LHT-OT→LHT-C1", "LHT-V4→LHT-C2", "LHT-V5→LHT-C2", "LHT-V6→LHT-C2", "LHT-V7→LHT-C2"].sort(),
    );
    // The drawn flow names every village, the old town and both communities.
    const drawn = await chart.locator("svg").textContent();
    for (const name of ["新堂村委", "東港村委", "丁家村委", "蔣家村委", "黃河村委", "新橋村委", "沈家村委", "龍虎塘老鎮區", "龍錦社區", "新橋社區"]) expect(drawn).toContain(name);
    await poll(() => page.getByTestId("reparented").first().locator("tbody tr").count()).toBeGreaterThan(0);
    await shot(page, "lineage");
    await page.close();
  });

  it("shows a community's links, a leadership chain and the integrity findings", async () => {
    const page = await open("analyst", "scope=LHT-C1&date=2026-11-28&panel=linkage");
    const chart = page.getByTestId("links-chart");
    await chart.waitFor();
    await chart.getByRole("button").click();
    const links = (await chart.locator("tbody").textContent()) ?? "";
    // Link kinds by their names in the language (COUNCIL_SEAT, CO_BUILDING, REGISTRATION).
    for (const expected of ["联席会席位", "共建协议", "到社区报到", "LHT-U-SCH1", "LHT-U-HOS"]) expect(links).toContain(expected);
    await poll(() => page.getByTestId("councils").textContent()).toMatch(/LHT-C1-CNCL · 3 /);
    await poll(() => page.getByTestId("dual-leadership").textContent()).toContain("LHT-U-PS-BR");
    expect(await page.getByTestId("rule-breaches").textContent()).toContain("LHT-C1-JBR");
    // The breach explained in the language from its rule and numbers.
    expect(await page.getByTestId("rule-breaches").textContent()).toMatch(/联合支部规模.*覆盖 \d+ 家单位；联合支部最多覆盖 5 家/);
    await page.getByLabel("组织编码").fill("LHT-C1-R01-B01-GR");
    await page.getByLabel("组织编码").press("Enter");
    await poll(() => page.getByTestId("chain").textContent()).toMatch(/LHT-C1-R01-B01-GR.*LHT-C1-R01-BR.*LHT-C1-GB.*LHT-WC/);
    await shot(page, "linkage-LHT-C1");
    await page.close();
  });

  it("downloads a CSV that parses, with the figures of the page", async () => {
    const page = await open("analyst", "scope=LHT&date=2026-11-28");
    await totals(page, "2026-11-28");
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator("button[data-report='coverage']").first().click()]);
    const file = join(ARTEFACTS, download.suggestedFilename());
    await download.saveAs(file);
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(bytes.toString("utf8").slice(1));
    expect(rows[0]!.slice(0, 4)).toEqual(["place code", "place name", "kind", "compounds with branch covered"]);
    const total = rows.find((row) => row[0] === "TOTAL")!;
    expect(total.slice(3, 5)).toEqual(["12", "15"]);
    expect(rows.filter((row) => row[0]?.startsWith("LHT-C")).length).toBe(2);
    await page.close();
  });

  it("holds every row in the ledger (paged through, past the first page), prints it to an A4 PDF and saves its organisations as CSV", async () => {
    const page = await open("analyst", "scope=LHT&date=2026-11-28&panel=ledgers");
    const api = await postGraphql<{ organisations: { totalCount: number } }>(hub.url, `{ organisations(within: "LHT", asOf: "2026-11-28", first: 1) { totalCount } }`);
    const count = api.data!.organisations.totalCount;
    // More organisations than one page of the ledger's document (40): the ledger reads every page before it prints.
    expect(count).toBeGreaterThan(40);
    await page.locator("[data-testid=ledger][data-complete=true]").waitFor({ timeout: 120_000 });
    expect(await page.getByTestId("ledger-organisations").locator("tbody tr").count()).toBe(count);
    expect(await page.getByTestId("print").isEnabled()).toBe(true);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("organisations-csv").click()]);
    const file = join(ARTEFACTS, download.suggestedFilename());
    await download.saveAs(file);
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(bytes.toString("utf8").slice(1));
    expect(rows.length).toBe(count + 1);
    expect(new Set(rows.slice(1).map((row) => row[0])).size).toBe(count);
    await page.getByTestId("ledger-coverage").waitFor();
    await page.emulateMedia({ media: "print" });
    expect(await page.locator("nav.tabs").isVisible()).toBe(false);
    const pdf = await page.pdf({ format: "A4", printBackground: true, path: join(ARTEFACTS, "ledger-LHT.pdf") });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdf.length).toBeGreaterThan(20_000);
    expect(pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
    await shot(page, "ledger-print");
    await page.close();
  });

  it("shows a viewer the aggregates and no named list", async () => {
    const page = await open("viewer", "scope=LHT&date=2026-11-28");
    expect(await totals(page, "2026-11-28")).toEqual(EXPECTED["2026-11-28"]);
    await page.getByTestId("gap-lists-refused").waitFor();
    expect(await page.getByTestId("gap-lists-refused").textContent()).toContain("需要分析员");
    expect(await page.getByTestId("tree-refused").isVisible()).toBe(true);
    expect(await page.getByTestId("compounds-without-branch").count()).toBe(0);
    const text = (await page.locator("body").textContent()) ?? "";
    for (const named of ["LHT-C1-R04", "丁家新村", "龍錦名苑", "LHT-C2-R08"]) expect(text).not.toContain(named);
    await shot(page, "viewer-coverage");
    // A tablet held upright: the page reflows, nothing wider than the screen.
    await page.setViewportSize({ width: 820, height: 1180 });
    await poll(() => page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(820);
    await shot(page, "viewer-tablet");
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByTestId("tab-lineage").click();
    await page.getByTestId("lineage-refused").waitFor();
    await page.getByTestId("tab-linkage").click();
    await page.getByTestId("linkage-refused").waitFor();
    await page.close();
  });

  it("runs a query in the bundled explorer with the token header set", async () => {
    const page = await open("analyst", "scope=LHT&date=2020-07-01&panel=explorer");
    await page.locator(".graphiql-container").waitFor({ timeout: 60_000 });
    // The editor is ready once it shows the example query (Monaco and its workers load first).
    await page.locator(".graphiql-query-editor").filter({ hasText: "compoundsWithBranch" }).waitFor({ timeout: 120_000 });
    const isRun = (candidate: Response) => candidate.url() === `${origin}/graphql` && (candidate.request().postData() ?? "").includes("query Coverage");
    let response: Response | undefined;
    // A click before GraphiQL has wired its editor does nothing: try again, a few times.
    for (let attempt = 0; attempt < 4 && !response; attempt++) {
      const waiting = page.waitForResponse(isRun, { timeout: 20_000 }).catch(() => undefined);
      await page.locator(".graphiql-execute-button").click();
      response = await waiting;
    }
    if (!response) throw new Error("the explorer sent no query");
    expect(response.status()).toBe(200);
    expect(response.request().headers().authorization).toMatch(/^Bearer /);
    const body = (await response.json()) as { data: { viewer: { role: string }; coverage: { totals: { compoundsWithBranch: { covered: number } } } } };
    expect(body.data.viewer.role).toBe("ANALYST");
    expect(body.data.coverage.totals.compoundsWithBranch.covered).toBe(7);
    await poll(() => page.locator(".graphiql-response").textContent()).toContain("compoundsWithBranch");
    await shot(page, "explorer");
    await page.close();
  });

  it("renders Simplified Chinese by default, Traditional Chinese and English on request, with real CJK glyphs", async () => {
    const page = await open("analyst", "scope=LHT&date=2026-11-28");
    expect(await page.evaluate("document.documentElement.lang")).toBe("zh-Hans");
    expect(await page.locator("h1").textContent()).toBe("党建数据中心 · 分析看板");
    // Every Chinese character of the heading is drawn from a CJK font (no missing-glyph boxes).
    const cdp = await page.context().newCDPSession(page);
    const glyphs = async (): Promise<{ cjk: number; chars: number }> => {
      const { root } = await cdp.send("DOM.getDocument");
      const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector: "h1" });
      await cdp.send("CSS.enable");
      const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
      const heading = (await page.locator("h1").textContent()) ?? "";
      return { cjk: fonts.filter((font) => /CJK|Noto Sans (SC|TC)|WenQuanYi|Droid Sans Fallback/i.test(font.familyName)).reduce((sum, font) => sum + font.glyphCount, 0), chars: [...heading.matchAll(/\p{Script=Han}/gu)].length };
    };
    const simplified = await glyphs();
    expect(simplified.chars).toBeGreaterThan(0);
    expect(simplified.cjk).toBeGreaterThanOrEqual(simplified.chars);
    await shot(page, "lang-zh-Hans");
    await page.getByTestId("language").selectOption("zh-Hant");
    await poll(() => page.locator("h1").textContent()).toBe("黨建數據中心 · 分析看板");
    await poll(() => page.getByTestId("coverage-title").textContent()).toContain("截至 2026年11月28日");
    const traditional = await glyphs();
    expect(traditional.cjk).toBeGreaterThanOrEqual(traditional.chars);
    await shot(page, "lang-zh-Hant");
    await page.getByTestId("language").selectOption("en");
    await poll(() => page.locator("h1").textContent()).toBe("Party-building data hub · analyst dashboard");
    expect(await page.evaluate("document.documentElement.lang")).toBe("en");
    expect(new URL(page.url()).searchParams.get("lang")).toBe("en");
    expect(await page.getByTestId("total-compoundsWithBranch").textContent()).toContain("Compounds with a branch");
    // Numbers and dates in the locale of each language.
    await poll(() => page.getByTestId("coverage-title").textContent()).toContain("As of 28 November 2026");
    expect(await page.getByTestId("total-compoundsWithBranch").locator(".figure").textContent()).toBe("80.0%");
    await shot(page, "lang-en");
    writeFileSync(join(ARTEFACTS, "README.txt"), "Screenshots and PDFs of the last browser test run (test/web/dashboard.test.ts). Not committed.\n");
    await page.close();
  });
});
