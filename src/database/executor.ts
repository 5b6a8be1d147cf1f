import neo4j, { type BookmarkManager, type Driver, type ManagedTransaction, type ProfiledPlan, type Session } from "neo4j-driver";
import { DatabaseUnavailableError, HubError } from "../errors/index.js";
import { fromNeo4j, toNeo4j } from "./values.js";

/** A named, parameterised Cypher statement. Every value reaches Neo4j as a parameter. */
export interface CypherQuery {
  readonly name: string;
  readonly cypher: string;
  readonly params?: Record<string, unknown>;
}

export type Row = Record<string, unknown>;

export interface QueryEvent {
  readonly name: string;
  readonly mode: "READ" | "WRITE";
  readonly rows: number;
  readonly ms: number;
}

export interface Transaction {
  run(query: CypherQuery): Promise<Row[]>;
}

export interface Neo4jTarget {
  uri: string;
  username?: string | undefined;
  password?: string | undefined;
  database?: string | undefined;
}

export interface TransactionOptions {
  /** Time limit of this transaction in milliseconds (default: the hub's NEO4J_TX_TIMEOUT_MS). */
  readonly timeoutMs?: number;
}

export interface ServerInfo {
  version: string;
  edition: string;
  address: string;
}

const UNAVAILABLE_CODES = new Set(["ServiceUnavailable", "SessionExpired", "Neo.TransientError.General.DatabaseUnavailable"]);

function translateError(error: unknown): unknown {
  if (error instanceof HubError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string") return error;
  if (UNAVAILABLE_CODES.has(code)) return new DatabaseUnavailableError(error);
  if (code === "Neo.ClientError.Transaction.InvalidBookmark" || code === "Neo.ClientError.Transaction.InvalidBookmarkMixture") {
    return new HubError("BAD_USER_INPUT", "A bookmark in the x-neo4j-bookmarks header is not one this database issued.", { argument: "x-neo4j-bookmarks" });
  }
  if (code === "Neo.TransientError.Transaction.BookmarkTimeout") {
    return new HubError("BOOKMARK_TIMEOUT", "The database has not reached the state the x-neo4j-bookmarks header asks for; retry later.");
  }
  if (code === "Neo.ClientError.Schema.ConstraintValidationFailed") {
    return new HubError("DUPLICATE_CODE", "Another entity already uses this code.");
  }
  if (code === "Neo.ClientError.Transaction.TransactionTimedOut" || code === "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration") {
    return new HubError("BAD_USER_INPUT", "The request took longer than the transaction time limit; narrow it down.");
  }
  return error;
}

/**
 * Runs `start` (synchronous) without capturing a stack trace. The driver formats one for every
 * statement it starts (`new Error().stack`, to append to a later error), a fifth of a one-entity
 * read's driver CPU; the hub's errors name their statement instead. Synchronous, so no other code
 * runs while the limit is off.
 */
function withoutStackCapture<T>(start: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return start();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** Database hits of a profiled plan and all the operators below it. */
function planDbHits(plan: ProfiledPlan | false): number {
  if (!plan) return 0;
  return plan.dbHits + plan.children.reduce((total, child) => total + planDbHits(child), 0);
}

/** What every view of one driver shares. */
interface SharedState {
  readonly listeners: Set<(event: QueryEvent) => void>;
  openSessions: number;
  /** Neo4j is known to be unreachable: statements fail at once until a probe gets through. */
  down: boolean;
  probe: NodeJS.Timeout | undefined;
}

/** How often a hub that lost Neo4j tries it again (each try at most this long). */
export const DOWN_PROBE_MS = 1_000;

/**
 * A driver with the hub's own settings. Only for code that must hand a driver to another library
 * with the same settings as the hub (the benchmark's raw-Cypher floor and its @neo4j/graphql
 * server); everything in the hub goes through `Database`.
 */
export function connectDriver(target: Neo4jTarget): Driver {
  const auth =
    target.username !== undefined && target.password !== undefined
      ? neo4j.auth.basic(target.username, target.password)
      : undefined;
  return neo4j.driver(target.uri, auth, {
    maxTransactionRetryTime: 5_000,
    connectionAcquisitionTimeout: 10_000,
    connectionTimeout: 5_000,
    // Integers arrive as plain numbers (no Integer object per value to decode and collect); one
    // outside ±2^53 arrives as ±Infinity, which fromNeo4j() refuses rather than rounding.
    disableLosslessIntegers: true,
    userAgent: "dangjian-hub",
  });
}

/**
 * The only gateway to Neo4j. Reads go through executeRead and writes through executeWrite,
 * so a cluster routes them; each statement is reported to listeners (tests count round trips).
 */
export class Database {
  private constructor(
    private readonly driver: Driver,
    private readonly database: string | undefined,
    private readonly transactionTimeoutMs: number,
    /** What every view of this driver shares: statement listeners and the count of open sessions. */
    private readonly shared: SharedState = { listeners: new Set(), openSessions: 0, down: false, probe: undefined },
    /** Chains this view's transactions causally (read-your-writes on a cluster); none on the root. */
    private readonly bookmarkManager?: BookmarkManager,
  ) {}

  /**
   * A view for one request whose transactions start from at least the state of `bookmarks` (a
   * client's earlier write, possibly through another hub replica) and each from the one before, so
   * a read after a write in the same request sees it on any cluster member. Same driver and pool.
   */
  causal(bookmarks: readonly string[] = []): Database {
    return new Database(this.driver, this.database, this.transactionTimeoutMs, this.shared, neo4j.bookmarkManager({ initialBookmarks: [...bookmarks] }));
  }

  /** The bookmarks of this view's latest state: what a client sends back to read its own writes. */
  async bookmarks(): Promise<string[]> {
    return this.bookmarkManager ? [...(await this.bookmarkManager.getBookmarks())] : [];
  }

  static connect(target: Neo4jTarget, options: { transactionTimeoutMs: number }): Database {
    return new Database(connectDriver(target), target.database, options.transactionTimeoutMs);
  }

  /** Sessions open right now: each holds a pooled connection while it runs (GET /metrics). */
  get sessionsInUse(): number {
    return this.shared.openSessions;
  }

  onQuery(listener: (event: QueryEvent) => void): () => void {
    this.shared.listeners.add(listener);
    return () => this.shared.listeners.delete(listener);
  }

  /**
   * One read statement. It runs auto-commit — one round trip, where BEGIN … COMMIT takes two (a
   * one-entity look-up 2.7 → 1.7 ms) — in a READ session, so a cluster routes it and the request's
   * bookmarks hold as in a transaction. A failure the driver would retry falls back to a managed
   * read transaction, which retries (and reports Neo4j down) exactly as every other read does.
   */
  async read(query: CypherQuery): Promise<Row[]> {
    return this.withSession("READ", async (session) => {
      try {
        return await this.runReported({ run: (cypher, params) => session.run(cypher, params, { timeout: this.transactionTimeoutMs }) }, query, "READ");
      } catch (error) {
        // Its errors arrive translated, and Neo4j already marked down if the retries could not reach it.
        if (neo4j.isRetryableError(error)) return this.readTransaction((tx) => tx.run(query));
        throw error;
      }
    });
  }

  async write(query: CypherQuery): Promise<Row[]> {
    return this.writeTransaction((tx) => tx.run(query));
  }

  /**
   * `timeoutMs` overrides the hub's per-request limit for work that is not a request: a bulk
   * import in one transaction legitimately runs longer than any query should.
   */
  async readTransaction<T>(work: (tx: Transaction) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    return this.withSession("READ", (session) =>
      session.executeRead((tx) => work(this.wrap(tx, "READ")), { timeout: options.timeoutMs ?? this.transactionTimeoutMs }),
    );
  }

  async writeTransaction<T>(work: (tx: Transaction) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    return this.withSession("WRITE", (session) =>
      session.executeWrite((tx) => work(this.wrap(tx, "WRITE")), { timeout: options.timeoutMs ?? this.transactionTimeoutMs }),
    );
  }

  /**
   * An auto-commit statement: the only way to run `CALL { } IN TRANSACTIONS` for bulk loads.
   * It is not retried and not atomic as a whole; callers own the all-or-nothing design.
   */
  async autoCommit(query: CypherQuery): Promise<Row[]> {
    return this.withSession("WRITE", async (session) => {
      return this.runReported(session, query, "WRITE");
    });
  }

  /**
   * Runs a read statement under PROFILE: its rows and the database hits of its whole plan, so
   * tests and notes can record (and guard) how much work an analytic query does.
   */
  async profile(query: CypherQuery): Promise<{ rows: Row[]; dbHits: number }> {
    return this.withSession("READ", (session) =>
      session.executeRead(
        async (tx) => {
          const result = await tx.run(`PROFILE ${query.cypher}`, toNeo4j(query.params ?? {}) as Record<string, unknown>);
          return { rows: result.records.map((record) => fromNeo4j(record.toObject()) as Row), dbHits: planDbHits(result.summary.profile) };
        },
        { timeout: this.transactionTimeoutMs },
      ),
    );
  }

  async serverInfo(): Promise<ServerInfo> {
    const rows = await this.read({
      name: "system.serverInfo",
      cypher: "CALL dbms.components() YIELD name, versions, edition RETURN versions[0] AS version, edition",
    });
    const info = await this.driver.getServerInfo();
    const row = rows[0] ?? {};
    return { version: String(row.version), edition: String(row.edition), address: info.address ?? "" };
  }

  /** True when Neo4j answers within the given time (and then it is no longer known down). Never throws. */
  async ping(timeoutMs = 2_000): Promise<boolean> {
    return this.probeOnce(timeoutMs);
  }

  /** True while Neo4j is known to be down (a statement failed as unavailable and no probe has got through since). */
  get knownDown(): boolean {
    return this.shared.down;
  }

  async close(): Promise<void> {
    clearInterval(this.shared.probe);
    this.shared.probe = undefined;
    await this.driver.close();
  }

  /**
   * A statement found Neo4j unreachable (after the driver's own retries): from now on every
   * statement fails at once with DATABASE_UNAVAILABLE instead of waiting seconds on retries, and a
   * probe tries `RETURN 1` every DOWN_PROBE_MS until Neo4j answers again.
   */
  private markDown(): void {
    if (this.shared.down) return;
    this.shared.down = true;
    const probe = setInterval(() => {
      void this.probeOnce(DOWN_PROBE_MS);
    }, DOWN_PROBE_MS);
    probe.unref();
    this.shared.probe = probe;
  }

  private async probeOnce(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const probe = this.withSession("READ", (session) => session.executeRead((tx) => tx.run("RETURN 1"), { timeout: timeoutMs }), true).then(
      () => true,
      () => false,
    );
    try {
      const up = await Promise.race([probe, timeout]);
      if (up && this.shared.down) {
        this.shared.down = false;
        clearInterval(this.shared.probe);
        this.shared.probe = undefined;
      }
      return up;
    } finally {
      clearTimeout(timer);
    }
  }

  private wrap(tx: ManagedTransaction, mode: "READ" | "WRITE"): Transaction {
    return { run: (query) => this.runReported(tx, query, mode) };
  }

  private async runReported(runner: { run(cypher: string, params: Record<string, unknown>): ReturnType<ManagedTransaction["run"]> }, query: CypherQuery, mode: "READ" | "WRITE"): Promise<Row[]> {
    const started = performance.now();
    const result = await withoutStackCapture(() => runner.run(query.cypher, toNeo4j(query.params ?? {}) as Record<string, unknown>));
    const rows = result.records.map((record) => fromNeo4j(record.toObject()) as Row);
    const event: QueryEvent = { name: query.name, mode, rows: rows.length, ms: performance.now() - started };
    for (const listener of this.shared.listeners) listener(event);
    return rows;
  }

  private async withSession<T>(mode: "READ" | "WRITE", work: (session: Session) => Promise<T>, probe = false): Promise<T> {
    if (this.shared.down && !probe) throw new DatabaseUnavailableError();
    const session = this.driver.session({
      database: this.database,
      defaultAccessMode: mode === "READ" ? neo4j.session.READ : neo4j.session.WRITE,
      bookmarkManager: this.bookmarkManager,
    });
    this.shared.openSessions += 1;
    try {
      return await work(session);
    } catch (error) {
      const translated = translateError(error);
      if (translated instanceof DatabaseUnavailableError && !probe) this.markDown();
      throw translated;
    } finally {
      this.shared.openSessions -= 1;
      await session.close().catch(() => undefined);
    }
  }
}
