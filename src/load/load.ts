/**
 * A bounded load on a hub over loopback HTTP (issue 6): N clients, each one request after another,
 * for a fixed time (and at most a fixed number of requests), mixing reads (the coverage report,
 * lists, nested navigation) and writes (creates and renames in a namespace of codes of its own, and
 * contended updates of one shared place). Afterwards it checks, through the API, that nothing was
 * lost or duplicated: every acknowledged create exists exactly once, no code twice, each place's
 * version is 1 + its acknowledged updates, and the audit log holds one entry per acknowledged write.
 *
 * It speaks only GraphQL, so it measures the hub as clients see it; `npm run load` (load.cli.ts)
 * runs it against a hub it starts itself, test/e2e/load.test.ts in a short form against a test hub.
 */

export type OperationKind = "read.coverage" | "read.list" | "read.nested" | "write.create" | "write.rename" | "write.contend";

/** Relative frequency of each kind of operation (out of 100). */
export const MIX: Readonly<Record<OperationKind, number>> = {
  "read.coverage": 15,
  "read.list": 25,
  "read.nested": 25,
  "write.create": 15,
  "write.rename": 12,
  "write.contend": 8,
};

/** Codes the only error a kind may legitimately give: a contended update may lose (CONFLICT). */
const EXPECTED: Readonly<Partial<Record<OperationKind, readonly string[]>>> = { "write.contend": ["CONFLICT"] };

export const LIMITS = { maxClients: 64, maxSeconds: 900, maxRequests: 2_000_000 } as const;

export interface LoadOptions {
  /** The hub's /graphql URL; must be on loopback. */
  readonly url: string;
  readonly clients: number;
  readonly seconds: number;
  /** Stop early after this many requests in all (default: no limit below LIMITS.maxRequests). */
  readonly maxRequests?: number;
  /** Bearer tokens: an analyst for reads, a steward whose scope is `namespace` for writes, an admin to set up and check. */
  readonly tokens: { readonly reader: string; readonly writer: string; readonly admin: string };
  /** The writer token's subject: its audit entries are counted. */
  readonly writerSubject: string;
  /** Code of the community the run creates and writes under (its steward's scope). */
  readonly namespace: string;
  /** Existing place the namespace community is created in (a subdistrict). */
  readonly parent: string;
  /** Codes the reads use; they should exist (the Longhutang seed's by default). */
  readonly reads?: { readonly scope: string; readonly community: string; readonly organisations: readonly string[]; readonly places: readonly string[] };
  /** Seed of the operation mix (the same seed gives the same sequence per client). */
  readonly seed?: number;
  /** Called about every `progressEveryMs` with the requests done so far. */
  readonly onProgress?: (done: number, elapsedMs: number) => void;
  readonly progressEveryMs?: number;
}

export interface LatencyFigures {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

export interface Invariants {
  readonly createsAcknowledged: number;
  /** Acknowledged creates found exactly once. */
  readonly createsFound: number;
  readonly missing: readonly string[];
  readonly duplicated: readonly string[];
  /** Places in the namespace that no create of this run accounts for. */
  readonly unexplained: readonly string[];
  readonly versionMismatches: readonly string[];
  readonly sharedVersion: number;
  readonly sharedVersionExpected: number;
  readonly auditEntries: number;
  readonly auditEntriesExpected: number;
  readonly ok: boolean;
}

export interface LoadReport {
  readonly clients: number;
  readonly seconds: number;
  readonly durationMs: number;
  readonly requests: number;
  readonly requestsPerSecond: number;
  /** Every answer that was not plain data, by `extensions.code` (or HTTP_<status>, NETWORK, TIMEOUT). */
  readonly errorsByCode: Readonly<Record<string, number>>;
  readonly expectedErrors: number;
  readonly unexpectedErrors: number;
  /** A few unexpected errors as examples (kind, code, message). */
  readonly unexpectedSamples: readonly string[];
  readonly latencyMs: Readonly<Record<OperationKind, LatencyFigures>>;
  readonly acknowledged: { readonly creates: number; readonly renames: number; readonly contended: number };
  /** Writes whose outcome is unknown (no answer): the invariants allow for them. */
  readonly unknownWrites: number;
  readonly invariants: Invariants;
}

interface Answer {
  readonly code: string;
  // GraphQL data of any shape; each operation reads what it asked for.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly data: any;
  readonly message?: string;
}

const REQUEST_TIMEOUT_MS = 30_000;
const WRITE_DATE = "2024-01-01";
const DEFAULT_READS = {
  scope: "LHT",
  community: "LHT-C1",
  organisations: ["LHT-WC", "LHT-C1-GB", "LHT-C2-GB", "LHT-C1-R01-BR", "LHT-C1-R05-BR"],
  places: ["LHT", "LHT-C1", "LHT-C2", "LHT-C1-R01", "LHT-C2-R01"],
};

/** Refuses anything but a loopback address: the load is for the hub on this machine only. */
export function assertLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (!["127.0.0.1", "localhost", "[::1]", "::1"].includes(host)) throw new Error(`load tests run on loopback only, not ${host}`);
}

/** Small, seedable PRNG (mulberry32): the same seed gives the same operation sequence. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function pick<T>(items: readonly T[], next: () => number): T {
  return items[Math.floor(next() * items.length)]!;
}

function chooseKind(next: () => number): OperationKind {
  let roll = next() * 100;
  for (const [kind, weight] of Object.entries(MIX) as [OperationKind, number][]) {
    roll -= weight;
    if (roll < 0) return kind;
  }
  return "read.list";
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function figures(values: number[]): LatencyFigures {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (value: number) => Math.round(value * 10) / 10;
  return { count: sorted.length, p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), p99: round(percentile(sorted, 99)), max: round(sorted.at(-1) ?? 0) };
}

async function post(url: string, token: string, query: string, variables: Record<string, unknown> = {}): Promise<Answer> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    const name = (error as { name?: string }).name;
    return { code: name === "TimeoutError" ? "TIMEOUT" : "NETWORK", data: null, message: String(error) };
  }
  let body: { data?: unknown; errors?: { message?: string; extensions?: { code?: string } }[] };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    return { code: `HTTP_${response.status}`, data: null };
  }
  const first = body.errors?.[0];
  if (first) return { code: first.extensions?.code ?? `HTTP_${response.status}`, data: body.data ?? null, message: first.message };
  return { code: "OK", data: body.data ?? null };
}

const COVERAGE = `query($scope: String!) { coverage(scope: $scope) {
  totals { compoundsWithBranch { covered total rate } buildingsWithGroup { covered total rate } communitiesWithOrganisation { rate } }
  breakdown { place { code } compoundsWithBranch { rate } }
  compoundsWithoutBranch(first: 20) { totalCount edges { node { place { code name } responsible { code } } } }
  newOrganisations { units organisational { rate } work { rate } } } }`;
const LIST_PLACES = `query($within: String) { places(within: $within, first: 50) { totalCount edges { node { code name kind version } } } }`;
const LIST_ORGANISATIONS = `query($within: String) { organisations(within: $within, first: 50) { totalCount edges { node { code name kind } } } }`;
const NESTED_ORGANISATION = `query($code: String!) { organisation(code: $code) {
  code name builtAt { code parent { code children { code name } } } leader { code leader { code } } subordinates { code builtAt { code } } } }`;
const NESTED_PLACE = `query($code: String!) { place(code: $code) {
  code ancestors { code } children { code units { code coveredBy { organisation { code } } } organisations { code } } } }`;
const CREATE = `mutation($input: CreatePlaceInput!) { createPlace(input: $input) { place { code version } } }`;
const RENAME = `mutation($code: String!, $name: String!, $v: Int) { renamePlace(input: { code: $code, name: $name, date: "${WRITE_DATE}", expectedVersion: $v }) { place { code version } } }`;
const READ_VERSION = `query($code: String!) { place(code: $code) { version } }`;
const UPDATE = `mutation($code: String!, $m: Boolean!, $v: Int) { updatePlace(input: { code: $code, propertyManaged: $m, expectedVersion: $v }) { place { version } } }`;

/** Runs the load and checks the invariants; throws only if the namespace cannot be set up. */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  assertLoopback(options.url);
  if (!(options.clients >= 1 && options.clients <= LIMITS.maxClients)) throw new Error(`clients must be 1–${LIMITS.maxClients}`);
  if (!(options.seconds > 0 && options.seconds <= LIMITS.maxSeconds)) throw new Error(`seconds must be above 0 and at most ${LIMITS.maxSeconds}`);
  const maxRequests = Math.min(options.maxRequests ?? LIMITS.maxRequests, LIMITS.maxRequests);
  const reads = options.reads ?? DEFAULT_READS;
  const { url, tokens, namespace } = options;
  const shared = `${namespace}-SHARED`;

  // The namespace: a community of the run's own under `parent` (the writer's whole scope) and one shared compound.
  for (const input of [
    { code: namespace, name: `負載測試社區 ${namespace}`, kind: "COMMUNITY", parent: options.parent, validFrom: "2020-01-01" },
    { code: shared, name: "共用小區", kind: "COMPOUND", parent: namespace, validFrom: "2020-01-01" },
  ]) {
    const answer = await post(url, tokens.admin, CREATE, { input });
    if (answer.code !== "OK") throw new Error(`setting up ${input.code} failed: ${answer.code} ${answer.message ?? ""}`);
  }

  const latencies = Object.fromEntries(Object.keys(MIX).map((kind) => [kind, [] as number[]])) as Record<OperationKind, number[]>;
  const errorsByCode: Record<string, number> = {};
  const unexpectedSamples: string[] = [];
  let expectedErrors = 0;
  let unexpectedErrors = 0;
  let requests = 0;
  let unknownWrites = 0;
  /** Acknowledged creates and the version each should now have. */
  const created = new Map<string, number>();
  const unknownCodes = new Set<string>();
  const acknowledged = { creates: 0, renames: 0, contended: 0 };
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const more = () => performance.now() < deadline && requests < maxRequests;

  const record = (kind: OperationKind, answer: Answer, ms: number) => {
    latencies[kind].push(ms);
    if (answer.code === "OK") return;
    errorsByCode[answer.code] = (errorsByCode[answer.code] ?? 0) + 1;
    if (EXPECTED[kind]?.includes(answer.code)) {
      expectedErrors++;
    } else {
      unexpectedErrors++;
      if (unexpectedSamples.length < 10) unexpectedSamples.push(`${kind}: ${answer.code} ${answer.message ?? ""}`.trim());
    }
  };
  const timed = async (kind: OperationKind, send: () => Promise<Answer>): Promise<Answer> => {
    const before = performance.now();
    requests++;
    const answer = await send();
    record(kind, answer, performance.now() - before);
    return answer;
  };
  const noAnswer = (answer: Answer) => answer.code === "NETWORK" || answer.code === "TIMEOUT" || answer.code.startsWith("HTTP_5");

  const client = async (index: number): Promise<void> => {
    const next = random((options.seed ?? 1) * 1_000 + index);
    const mine: string[] = [];
    let serial = 0;
    while (more()) {
      const kind = chooseKind(next);
      if (kind === "read.coverage") {
        await timed(kind, () => post(url, tokens.reader, COVERAGE, { scope: reads.scope }));
      } else if (kind === "read.list") {
        const [query, within] = pick(
          [
            [LIST_PLACES, reads.community],
            [LIST_ORGANISATIONS, reads.community],
            [LIST_PLACES, namespace],
          ] as const,
          next,
        );
        await timed(kind, () => post(url, tokens.reader, query, { within }));
      } else if (kind === "read.nested") {
        if (next() < 0.5) await timed(kind, () => post(url, tokens.reader, NESTED_ORGANISATION, { code: pick(reads.organisations, next) }));
        else await timed(kind, () => post(url, tokens.reader, NESTED_PLACE, { code: pick(reads.places, next) }));
      } else if (kind === "write.create" || (kind === "write.rename" && mine.length === 0)) {
        const code = `${namespace}-${index}-${++serial}`;
        const answer = await timed("write.create", () =>
          post(url, tokens.writer, CREATE, { input: { code, name: `負載小區${index}-${serial}`, kind: "COMPOUND", parent: namespace, validFrom: "2020-01-01" } }),
        );
        if (answer.code === "OK") {
          created.set(code, 1);
          mine.push(code);
          acknowledged.creates++;
        } else if (noAnswer(answer)) {
          unknownCodes.add(code);
          unknownWrites++;
        }
      } else if (kind === "write.rename") {
        // Only this client writes its own places: the version it knows is current, so CONFLICT would be a lost update.
        const code = pick(mine, next);
        const version = created.get(code)!;
        const answer = await timed(kind, () => post(url, tokens.writer, RENAME, { code, name: `改名${index}-${version}`, v: version }));
        if (answer.code === "OK") {
          created.set(code, version + 1);
          acknowledged.renames++;
        } else if (noAnswer(answer)) {
          unknownWrites++;
        }
      } else {
        // Every client updates the shared compound with the version it just read: most lose with CONFLICT.
        const read = await timed("read.nested", () => post(url, tokens.reader, READ_VERSION, { code: shared }));
        const version = read.data?.place?.version as number | undefined;
        if (version === undefined) continue;
        const answer = await timed(kind, () => post(url, tokens.writer, UPDATE, { code: shared, m: next() < 0.5, v: version }));
        if (answer.code === "OK") acknowledged.contended++;
        else if (noAnswer(answer)) unknownWrites++;
      }
    }
  };

  let progress: ReturnType<typeof setInterval> | undefined;
  if (options.onProgress) {
    progress = setInterval(() => options.onProgress!(requests, performance.now() - started), options.progressEveryMs ?? 10_000);
  }
  try {
    await Promise.all(Array.from({ length: options.clients }, (_, index) => client(index + 1)));
  } finally {
    if (progress) clearInterval(progress);
  }
  const durationMs = performance.now() - started;
  const invariants = await checkInvariants(options, created, unknownCodes, acknowledged);
  return {
    clients: options.clients,
    seconds: options.seconds,
    durationMs: Math.round(durationMs),
    requests,
    requestsPerSecond: Math.round((requests / durationMs) * 10_000) / 10,
    errorsByCode,
    expectedErrors,
    unexpectedErrors,
    unexpectedSamples,
    latencyMs: Object.fromEntries(Object.entries(latencies).map(([kind, values]) => [kind, figures(values)])) as Record<OperationKind, LatencyFigures>,
    acknowledged,
    unknownWrites,
    invariants,
  };
}

const PAGE = `query($within: String, $after: String) { places(within: $within, first: 100, after: $after) {
  pageInfo { hasNextPage endCursor } edges { node { code version } } } }`;
const AUDIT = `query($subject: String) { auditLog(subject: $subject) { totalCount } }`;

/** Reads the namespace back through the API and compares it with what was acknowledged. */
async function checkInvariants(
  options: LoadOptions,
  created: ReadonlyMap<string, number>,
  unknownCodes: ReadonlySet<string>,
  acknowledged: { creates: number; renames: number; contended: number },
): Promise<Invariants> {
  const { url, tokens, namespace } = options;
  const shared = `${namespace}-SHARED`;
  const seen = new Map<string, number[]>();
  let after: string | null = null;
  for (;;) {
    const answer = await post(url, tokens.admin, PAGE, { within: namespace, after });
    if (answer.code !== "OK") throw new Error(`reading the namespace back failed: ${answer.code} ${answer.message ?? ""}`);
    const page = answer.data.places as { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: { code: string; version: number } }[] };
    for (const { node } of page.edges) seen.set(node.code, [...(seen.get(node.code) ?? []), node.version]);
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  const missing = [...created.keys()].filter((code) => (seen.get(code)?.length ?? 0) === 0);
  const duplicated = [...seen].filter(([, versions]) => versions.length > 1).map(([code]) => code);
  const unexplained = [...seen.keys()].filter((code) => code !== namespace && code !== shared && !created.has(code) && !unknownCodes.has(code));
  const versionMismatches = [...created]
    .filter(([code, version]) => seen.get(code)?.length === 1 && seen.get(code)![0] !== version)
    .map(([code, version]) => `${code}: ${seen.get(code)![0]} (expected ${version})`);
  const sharedVersion = seen.get(shared)?.[0] ?? -1;
  const audit = await post(url, tokens.admin, AUDIT, { subject: options.writerSubject });
  const auditEntries = audit.code === "OK" ? (audit.data.auditLog.totalCount as number) : -1;
  const auditEntriesExpected = acknowledged.creates + acknowledged.renames + acknowledged.contended;
  const sharedVersionExpected = 1 + acknowledged.contended;
  const createsFound = [...created.keys()].filter((code) => seen.get(code)?.length === 1).length;
  return {
    createsAcknowledged: created.size,
    createsFound,
    missing,
    duplicated,
    unexplained,
    versionMismatches,
    sharedVersion,
    sharedVersionExpected,
    auditEntries,
    auditEntriesExpected,
    // With writes of unknown outcome the counts may legitimately differ by those: allowed for, and reported.
    ok:
      missing.length === 0 &&
      duplicated.length === 0 &&
      unexplained.length === 0 &&
      versionMismatches.length === 0 &&
      createsFound === created.size &&
      (unknownCodes.size > 0 || sharedVersion === sharedVersionExpected) &&
      (unknownCodes.size > 0 || auditEntries === auditEntriesExpected),
  };
}

/** The report as text: what RELIABILITY.md quotes. */
export function formatReport(report: LoadReport, rss?: Readonly<Record<string, { start: number; end: number }>>): string {
  const lines = [
    `clients ${report.clients}, ${report.seconds} s (ran ${(report.durationMs / 1000).toFixed(1)} s): ${report.requests} requests, ${report.requestsPerSecond} per second`,
    `errors by code: ${JSON.stringify(report.errorsByCode)} — expected ${report.expectedErrors} (CONFLICT on the contended place), unexpected ${report.unexpectedErrors}`,
    ...report.unexpectedSamples.map((sample) => `  e.g. ${sample}`),
    `acknowledged writes: ${report.acknowledged.creates} creates, ${report.acknowledged.renames} renames, ${report.acknowledged.contended} contended updates; unknown outcome: ${report.unknownWrites}`,
    "latency (ms)        count     p50     p95     p99     max",
    ...Object.entries(report.latencyMs).map(
      ([kind, figures]) =>
        `  ${kind.padEnd(16)}${String(figures.count).padStart(7)}${String(figures.p50).padStart(8)}${String(figures.p95).padStart(8)}${String(figures.p99).padStart(8)}${String(figures.max).padStart(8)}`,
    ),
    ...Object.entries(rss ?? {}).map(([what, mb]) => `RSS ${what}: ${mb.start} MB at start, ${mb.end} MB at end`),
    `invariants ${report.invariants.ok ? "hold" : "BROKEN"}: ${report.invariants.createsFound}/${report.invariants.createsAcknowledged} acknowledged creates found exactly once, ` +
      `${report.invariants.duplicated.length} duplicated codes, ${report.invariants.unexplained.length} unexplained, ${report.invariants.missing.length} missing, ` +
      `${report.invariants.versionMismatches.length} version mismatches; shared place at version ${report.invariants.sharedVersion} (expected ${report.invariants.sharedVersionExpected}); ` +
      `audit entries ${report.invariants.auditEntries} (expected ${report.invariants.auditEntriesExpected})`,
  ];
  return lines.join("\n");
}
