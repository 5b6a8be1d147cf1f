import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { createServer, type Server } from "node:http";
import { jitGateway } from "./executor.js";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { pino, type Logger } from "pino";
import { ConfigError, type HubConfig } from "../config/index.js";
import { ensureRollups } from "../coverage/rollup.maintain.js";
import { Database, migrate, isMigrated, startLocalNeo4j, PROJECT_ROOT, type RunningNeo4j } from "../database/index.js";
import type { HubContext, HubFacts, HubPolicy } from "./context.js";
import { createRequestHandler } from "./http.js";
import { createDashboardServer } from "../dashboard/index.js";
import { bookmarkPlugin } from "./bookmarks.js";
import { noStorePlugin } from "./no-store.js";
import { requestLogPlugin } from "./request-log.js";
import { buildHubSchema } from "./schema.js";
import { errorFormatter } from "./errors.js";
import { Loaders } from "../graph/loaders.js";
import { REPORTS } from "../exports/registry.js";
import { warmUp } from "./warm-up.js";
import { createAuthenticator, DEV_SECRET_FILE, loadTokenKeys, type Authenticator } from "../auth/index.js";
import { apolloLimits } from "./limits.js";
import { loadSeedIfEmpty } from "../seeding/index.js";
import { HubMetrics } from "../metrics/index.js";
import { todayIn } from "../temporal/index.js";

export interface Hub {
  readonly url: string;
  /** The analyst's dashboard (its own port, HUB_DASHBOARD_PORT), or undefined when it is off. */
  readonly dashboardUrl: string | undefined;
  readonly db: Database;
  readonly facts: HubFacts;
  readonly localNeo4j: RunningNeo4j | undefined;
  stop(): Promise<void>;
}

export const HUB_VERSION: string = (JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as { version: string }).version;

export function createLogger(config: Pick<HubConfig, "logLevel">): Logger {
  return pino({ level: config.logLevel, base: { service: "dangjian-hub" } });
}

async function connectNeo4j(config: HubConfig, logger: Logger): Promise<{ db: Database; local: RunningNeo4j | undefined }> {
  if (config.neo4j.kind === "external") {
    logger.info({ uri: config.neo4j.uri }, "using external Neo4j (NEO4J_URI)");
    return { db: Database.connect(config.neo4j, config), local: undefined };
  }
  logger.info({ home: config.neo4j.dataDir, boltPort: config.neo4j.boltPort }, "starting local Neo4j");
  const local = await startLocalNeo4j({
    home: config.neo4j.dataDir,
    boltPort: config.neo4j.boltPort,
    heap: config.neo4j.heap,
    pageCache: config.neo4j.pageCache,
    log: (message) => logger.info(message),
  });
  logger.info({ uri: local.uri, version: local.version, startMillis: local.startMillis }, "local Neo4j ready");
  return { db: Database.connect({ uri: local.uri }, config), local };
}

/** Resolves the token keys (creating the development secret if needed) and says how to get in. */
async function prepareAuthentication(config: HubConfig, logger: Logger): Promise<Authenticator> {
  // A generated secret belongs to one checkout: hub replicas sharing a Neo4j (NEO4J_URI) would each
  // have their own and refuse each other's tokens. Only a hub with its private local Neo4j may use one.
  if (config.neo4j.kind === "external" && config.auth.jwtSecret === undefined && config.auth.jwtPublicKeyFile === undefined) {
    throw new ConfigError(
      "HUB_JWT_SECRET",
      "(or HUB_JWT_PUBLIC_KEY) must be set with NEO4J_URI: every hub replica on that Neo4j must verify tokens with the same key",
    );
  }
  const keys = await loadTokenKeys(config.auth, config.mode);
  if (keys.secretSource === "development file") {
    logger.warn(
      { secretFile: DEV_SECRET_FILE, created: keys.createdDevSecret },
      "HUB_JWT_SECRET is unset: development mode signs tokens with a generated secret; mint one with: npm run -s token -- --role admin --sub you",
    );
  }
  if (config.auth.anonymousRole !== undefined) {
    logger.warn({ role: config.auth.anonymousRole }, "HUB_ALLOW_ANONYMOUS: requests without a token are served");
  }
  return createAuthenticator(keys, config.auth);
}

/**
 * Starts everything the hub needs, in order: Neo4j (local unless NEO4J_URI), migrations,
 * the GraphQL schema, the HTTP server. Any failure stops what was already started.
 */
export async function startHub(config: HubConfig, logger: Logger = createLogger(config)): Promise<Hub> {
  // Before Neo4j: a bad key file should stop the hub before it starts a JVM.
  const authenticate = await prepareAuthentication(config, logger);
  const { db, local } = await connectNeo4j(config, logger);
  let httpServer: Server | undefined;
  let dashboardServer: Server | undefined;
  let apollo: ApolloServer<HubContext> | undefined;
  const stopNeo4j = async (): Promise<void> => {
    await db.close().catch(() => undefined);
    if (local) {
      logger.info("stopping local Neo4j");
      await local.stop();
    }
  };
  try {
    const info = await db.serverInfo();
    const report = await migrate(db);
    logger.info(report, "migrations checked");
    // An empty graph (first start, or a fresh NEO4J_URI) gets the initial seed (HUB_INITIAL_SEED).
    await loadSeedIfEmpty(db, config.initialSeed, logger);
    // A graph loaded before coverage roll-ups existed gets them built once.
    const rebuilt = await ensureRollups(db);
    if (rebuilt) logger.info(rebuilt, "coverage roll-ups rebuilt");
    // Plans before the first request: an analytic's first run would otherwise spend seconds planning.
    if (config.warmUp) await warmUp(db, logger);
    const facts: HubFacts = {
      hubVersion: HUB_VERSION,
      neo4jVersion: info.version,
      neo4jEdition: info.edition,
      neo4jAddress: info.address,
      localNeo4j: local !== undefined,
    };
    const schema = await buildHubSchema();
    const limits = apolloLimits(config.limits);
    const metrics = config.metrics ? new HubMetrics(db, () => db.ping(1_000)) : undefined;
    let draining = false;
    apollo = new ApolloServer<HubContext>({
      ...(config.executor === "graphql-js" ? { schema } : { gateway: jitGateway(schema) }),
      introspection: config.introspection,
      // "Did you mean …?" would reveal field names that introspection hides.
      hideSchemaDetailsFromClientErrors: config.mode === "production",
      includeStacktraceInErrorResponses: false,
      allowBatchedHttpRequests: false,
      // No automatic persisted queries: every request carries its document and passes every limit.
      persistedQueries: false,
      // The hub owns signal handling (src/main.ts) so that Neo4j is stopped after Apollo.
      stopOnTerminationSignals: false,
      formatError: errorFormatter(logger, { maxTokens: config.limits.maxTokens }),
      validationRules: limits.validationRules,
      parseOptions: limits.parseOptions,
      // The landing page (explorer) loads from a CDN, which the hub's closed network cannot reach.
      // Apollo's cache-control plugin wraps every field's resolver for hints the hub never sets; its
      // no-store header comes from noStorePlugin instead.
      plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginCacheControlDisabled(), noStorePlugin(), ...limits.plugins, bookmarkPlugin(), requestLogPlugin(), ...(metrics ? [metrics.apolloPlugin()] : [])],
    });
    await apollo.start();
    const policy: HubPolicy = { disclosureThreshold: config.disclosureThreshold };
    let migrated = true;
    const handler = createRequestHandler(apollo as ApolloServer<object>, {
      maxBodyBytes: config.maxBodyBytes,
      maxWorkbookBytes: config.maxWorkbookBytes,
      maxResponseBytes: config.maxResponseBytes,
      logger,
      isReady: async () => {
        if (!(await db.ping())) return false;
        // A database that came back empty (or was swapped) must be migrated again before serving.
        // A failed check (Neo4j went away after the ping) is "not ready now", not "not migrated".
        const current = await isMigrated(db).catch(() => undefined);
        if (current === undefined) return false;
        migrated = migrated && current;
        return migrated;
      },
      authenticate: (request) => authenticate(request.headers.authorization),
      reports: REPORTS,
      metrics,
      isDraining: () => draining,
      contextFor: async (_request, requestId, viewer, bookmarks) =>
        ({
          db: db.causal(bookmarks),
          logger: logger.child({ requestId, subject: viewer.subject, role: viewer.role }),
          requestId,
          about: facts,
          viewer,
          loaders: new Loaders(),
          today: todayIn(config.timeZone),
          policy,
        }) satisfies HubContext,
    });
    httpServer = createServer(handler);
    const port = await listen(httpServer, config.port, config.host);
    const url = `http://${config.host}:${port}/graphql`;
    logger.info({ url }, "dangjian-hub is serving GraphQL");
    let dashboardUrl: string | undefined;
    if (config.dashboardPort !== undefined) {
      dashboardServer = createDashboardServer(handler);
      dashboardUrl = `http://${config.host}:${await listen(dashboardServer, config.dashboardPort, config.host)}/`;
      logger.info({ url: dashboardUrl }, "the analyst's dashboard is served");
    }

    let stopping: Promise<void> | undefined;
    return {
      url,
      dashboardUrl,
      db,
      facts,
      localNeo4j: local,
      stop: () => {
        stopping ??= (async () => {
          draining = true;
          if (config.drainMs > 0) {
            // /readyz answers 503 from now on: a load balancer takes this replica out, then the port closes.
            logger.info({ drainMs: config.drainMs }, "draining: /readyz answers 503, still serving");
            await new Promise((resolve) => setTimeout(resolve, config.drainMs));
          }
          logger.info("stopping: no new requests, finishing in-flight ones");
          await Promise.all([closeHttpServer(httpServer!), dashboardServer ? closeHttpServer(dashboardServer) : undefined]);
          logger.info("HTTP server closed");
          await apollo!.stop();
          await stopNeo4j();
          logger.info("stopped");
        })();
        return stopping;
      },
    };
  } catch (error) {
    await apollo?.stop().catch(() => undefined);
    httpServer?.close();
    dashboardServer?.close();
    await stopNeo4j();
    throw error;
  }
}

/**
 * How long an idle keep-alive connection stays open. Node's default (5 s) races clients under
 * load: a client whose next request is a few seconds late (a busy event loop, a long response
 * being parsed) writes into a socket the hub is closing, and sees ECONNRESET — 9 of 64 Q1
 * requests at concurrency 16 in bench/RESULTS.md. A minute is what proxies and load balancers
 * use; the client learns it from the Keep-Alive header and closes first.
 */
const KEEP_ALIVE_MS = 65_000;

/** Listens on host:port (0 = any free port) and answers the port it got. */
async function listen(server: Server, port: number, host: string): Promise<number> {
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  // Must outlast the keep-alive time, or a request arriving on an idle connection could be cut.
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

/** Stops accepting, lets in-flight requests finish, and cuts what is still open after a grace period. */
function closeHttpServer(server: Server, graceMs = 10_000): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}
