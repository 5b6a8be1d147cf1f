import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, createWriteStream, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { delimiter, dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { PROJECT_ROOT } from "./project-root.js";

/**
 * A real Neo4j 5.26 (embedded kernel + Bolt) that the project runs from Maven Central artifacts,
 * through neo4j/Launcher.java, bound to 127.0.0.1.
 */
export interface LocalNeo4jOptions {
  /** Neo4j home: data/ and logs/ are created below it. */
  home: string;
  boltPort: number;
  heap: string;
  pageCache: string;
  startTimeoutMs?: number;
  log?: (message: string) => void;
  /** More Neo4j settings (name → value), e.g. a shorter `db.transaction.bookmark_ready_timeout` in tests. */
  settings?: Readonly<Record<string, string>>;
}

export interface RunningNeo4j {
  readonly uri: string;
  readonly version: string;
  /** Milliseconds from spawning the JVM until Bolt answered. */
  readonly startMillis: number;
  readonly pid: number;
  stop(): Promise<void>;
  /** Resolves when the JVM exits, for whatever reason. */
  readonly exited: Promise<number | null>;
}

const NEO4J_DIR = join(PROJECT_ROOT, "neo4j");
const CLASSPATH_FILE = join(NEO4J_DIR, "target", "classpath.txt");

const JVM_FLAGS = [
  "-XX:+UseG1GC",
  "-XX:+ExitOnOutOfMemoryError",
  "-Dfile.encoding=UTF-8",
  "--add-opens=java.base/java.nio=ALL-UNNAMED",
  "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
  "--add-opens=java.base/java.io=ALL-UNNAMED",
  "--add-opens=java.base/java.lang=ALL-UNNAMED",
  "--add-opens=java.base/java.util=ALL-UNNAMED",
  "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
  "--enable-native-access=ALL-UNNAMED",
];

function run(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd, stdio: ["ignore", "inherit", "inherit"] });
    child.on("error", (error) => reject(new Error(`Could not run ${command}: ${error.message}`)));
    child.on("exit", (code) =>
      code === 0 ? resolvePromise() : reject(new Error(`${command} ${args.join(" ")} exited with ${code}`)),
    );
  });
}

function classpathIsCurrent(): boolean {
  if (!existsSync(CLASSPATH_FILE)) return false;
  if (statSync(CLASSPATH_FILE).mtimeMs < statSync(join(NEO4J_DIR, "pom.xml")).mtimeMs) return false;
  return readFileSync(CLASSPATH_FILE, "utf8").trim().split(":").every((jar) => existsSync(jar));
}

/** Fetches the Neo4j jars with Maven (once) and returns the classpath. */
export async function ensureNeo4jArtifacts(log: (message: string) => void = () => undefined): Promise<string> {
  if (!classpathIsCurrent()) {
    log("Fetching Neo4j artifacts from Maven Central (first run only)…");
    await run(
      "mvn",
      ["-q", "-B", "dependency:build-classpath", `-Dmdep.outputFile=${CLASSPATH_FILE}`],
      NEO4J_DIR,
    );
  }
  return readFileSync(CLASSPATH_FILE, "utf8").trim();
}

export function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolvePromise(port));
    });
  });
}

/** Whether something accepts connections on 127.0.0.1:port (a refused connection answers at once, unlike a Bolt ping). */
export function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolvePromise(true);
    });
    socket.once("error", () => resolvePromise(false));
  });
}

function assertPortFree(port: number): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.once("error", () =>
      reject(new Error(`Port ${port} on 127.0.0.1 is already in use; set LOCAL_NEO4J_BOLT_PORT to another port or stop what uses it.`)),
    );
    server.listen(port, "127.0.0.1", () => server.close(() => resolvePromise()));
  });
}

function javaExecutable(): string {
  const javaHome = process.env.NEO4J_JAVA_HOME ?? process.env.JAVA_HOME;
  return javaHome ? join(javaHome, "bin", "java") : "java";
}

/** A tool of the JDK that runs the launcher: `javac`, `jar`. */
function jdkTool(name: string): string {
  const java = javaExecutable();
  return java === "java" ? name : join(dirname(java), name);
}

const javacExecutable = (): string => jdkTool("javac");
const jarExecutable = (): string => jdkTool("jar");

/**
 * How the JVM is told to run the launcher: its class, compiled once per version of its source
 * into neo4j/target/launcher-<hash>.jar, when javac is at hand. Run as a source file, Launcher.java
 * is compiled again on every start — about 2 s of a ~9 s start and 3.5 s of CPU on this machine,
 * paid by every test run and bulk import. Without javac the source file still works (the JDK's
 * source launcher needs the same compiler module, so this is rare). A jar, not a folder of
 * classes: the class-data sharing archive below takes only jars on the class path.
 */
interface LauncherEntry {
  readonly args: string[];
  /** Where this start's class-data sharing archive goes once the JVM has written it at exit. */
  readonly archive?: { readonly written: string; readonly final: string };
}

const LAUNCHER_SOURCE = join(NEO4J_DIR, "Launcher.java");

function launcherJar(): { readonly jar: string; readonly launcherHash: string } {
  const launcherHash = createHash("sha256").update(readFileSync(LAUNCHER_SOURCE)).digest("hex").slice(0, 16);
  return { jar: join(NEO4J_DIR, "target", `launcher-${launcherHash}.jar`), launcherHash };
}

async function launcherEntry(classpath: string, recordArchive: boolean): Promise<LauncherEntry> {
  const { jar, launcherHash } = launcherJar();
  if (!existsSync(jar)) {
    // Compiled and packed beside, then renamed into place: starts running at once never see half a jar.
    const scratch = mkdtempSync(join(NEO4J_DIR, "target", "launcher-compiling-"));
    try {
      await run(javacExecutable(), ["-cp", classpath, "-d", join(scratch, "classes"), LAUNCHER_SOURCE], NEO4J_DIR);
      await run(jarExecutable(), ["--create", "--file", join(scratch, "launcher.jar"), "-C", join(scratch, "classes"), "."], NEO4J_DIR);
      renameSync(join(scratch, "launcher.jar"), jar);
    } catch {
      if (!existsSync(jar)) return { args: ["-cp", classpath, LAUNCHER_SOURCE] };
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  const path = `${jar}${delimiter}${classpath}`;
  const sharing = classDataSharing(path, launcherHash, recordArchive);
  return { args: [...sharing.flags, "-cp", path, "Launcher"], ...(sharing.archive ? { archive: sharing.archive } : {}) };
}

/**
 * Class-data sharing (AppCDS): the classes a start of Neo4j loads — several thousand, parsed and
 * verified on every start — are written once into an archive that later starts map instead
 * (-XX:SharedArchiveFile). Starts of an empty store took 4.8 / 5.1 / 4.6 s with it against
 * 7.5 / 7.2 / 7.0 s without, alternated (docs/SCALE.md). The archive is written by recordClassArchive, which
 * `scripts/install.sh` runs once: a JVM that writes it (-XX:ArchiveClassesAtExit) starts ~6 s and
 * stops ~8 s slower, so no ordinary start does. It is named after the class path and the Java in
 * use, and the JVM checks it again itself: one that does not fit is ignored, never wrongly used.
 */
function archivePath(classpath: string, launcherHash: string): string {
  const key = createHash("sha256").update(`${javaExecutable()}\n${classpath}`).digest("hex").slice(0, 16);
  return join(NEO4J_DIR, "target", `launcher-${launcherHash}-${key}.jsa`);
}

/** Whether the class-data sharing archive of this launcher, class path and Java is there (recordClassArchive writes it). */
export async function hasClassArchive(): Promise<boolean> {
  const { jar, launcherHash } = launcherJar();
  return existsSync(archivePath(`${jar}${delimiter}${await ensureNeo4jArtifacts()}`, launcherHash));
}

function classDataSharing(classpath: string, launcherHash: string, record: boolean): { readonly flags: string[]; readonly archive?: LauncherEntry["archive"] } {
  const final = archivePath(classpath, launcherHash);
  if (existsSync(final)) return { flags: [`-XX:SharedArchiveFile=${final}`] };
  if (!record) return { flags: [] };
  // Written beside and renamed once complete: a start at the same time never maps half an archive.
  const written = `${final}.${randomUUID()}.writing`;
  return { flags: [`-XX:ArchiveClassesAtExit=${written}`], archive: { written, final } };
}

/** After the JVM's exit: a complete archive (a clean exit wrote it) takes its place; anything else is removed. */
function settleArchive(archive: LauncherEntry["archive"], code: number | null): void {
  if (!archive || !existsSync(archive.written)) return;
  try {
    if (code === 0) renameSync(archive.written, archive.final);
  } finally {
    rmSync(archive.written, { force: true });
  }
}

export async function startLocalNeo4j(options: LocalNeo4jOptions & { readonly recordClassArchive?: boolean }): Promise<RunningNeo4j> {
  const log = options.log ?? (() => undefined);
  const classpath = await ensureNeo4jArtifacts(log);
  await assertPortFree(options.boltPort);
  const home = resolve(options.home);
  mkdirSync(join(home, "logs"), { recursive: true });
  const output = createWriteStream(join(home, "logs", "launcher.log"), { flags: "a" });

  const entry = await launcherEntry(classpath, options.recordClassArchive === true);
  const started = performance.now();
  const child: ChildProcess = spawn(
    javaExecutable(),
    [
      `-Xmx${options.heap}`,
      ...JVM_FLAGS,
      ...entry.args,
      "--home",
      home,
      "--port",
      String(options.boltPort),
      "--conf",
      `server.memory.pagecache.size=${options.pageCache}`,
      ...Object.entries(options.settings ?? {}).flatMap(([name, value]) => ["--conf", `${name}=${value}`]),
    ],
    { stdio: ["pipe", "pipe", "pipe"] },
  );
  child.stderr?.pipe(output);
  const exited = new Promise<number | null>((resolveExit) =>
    child.once("exit", (code) => {
      settleArchive(entry.archive, code);
      resolveExit(code);
    }),
  );
  const stderrTail: string[] = [];
  child.stderr?.on("data", (chunk: Buffer) => {
    stderrTail.push(chunk.toString());
    if (stderrTail.length > 40) stderrTail.shift();
  });

  const ready = new Promise<{ version: string }>((resolveReady, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on("line", (line) => {
      output.write(line + "\n");
      const match = /^NEO4J_READY (\S+) (\S+)/.exec(line);
      if (match) resolveReady({ version: match[2]! });
    });
    child.once("error", (error) => reject(new Error(`Could not start Java for Neo4j: ${error.message}`)));
    void exited.then((code) =>
      reject(new Error(`Neo4j exited (code ${code}) before it was ready. Last output:\n${stderrTail.join("").slice(-4000)}\nFull log: ${join(home, "logs")}`)),
    );
  });
  const timeoutMs = options.startTimeoutMs ?? 180_000;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Neo4j did not become ready within ${timeoutMs} ms; see ${join(home, "logs")}`)), timeoutMs);
  });

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // Closing stdin asks the launcher to shut down cleanly; SIGKILL only if it hangs.
      child.stdin?.end();
      const killTimer = setTimeout(() => child.kill("SIGKILL"), 30_000);
      await exited;
      clearTimeout(killTimer);
      output.end();
    })();
    return stopping;
  };

  try {
    const { version } = await Promise.race([ready, timedOut]);
    return {
      uri: `bolt://127.0.0.1:${options.boltPort}`,
      version,
      startMillis: Math.round(performance.now() - started),
      pid: child.pid ?? -1,
      stop,
      exited,
    };
  } catch (error) {
    await stop();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** Where the local Neo4j keeps the store of its one user database (`neo4j`). */
export function localStoreDirectory(home: string): string {
  return join(resolve(home), "data", "databases", "neo4j");
}

/** Removes the user database's store and its transaction logs (Neo4j stopped): the next start creates an empty one. */
export function removeLocalStore(home: string): void {
  rmSync(localStoreDirectory(home), { recursive: true, force: true });
  rmSync(join(resolve(home), "data", "transactions", "neo4j"), { recursive: true, force: true });
}

export interface OfflineImportOptions {
  /** The local Neo4j's home (as given to startLocalNeo4j); it must not be running. */
  readonly home: string;
  readonly nodeFiles: readonly string[];
  readonly relationshipFiles: readonly string[];
  /** Separator of array elements and labels in the files. */
  readonly arrayDelimiter: string;
  /** Some quoted field holds a line break (slower parsing, so only when needed). */
  readonly multilineFields: boolean;
  /** What the files' `:ID` columns hold: any strings, integers below 2^56 (cheaper for the importer), or the store's own node ids (dense; cheaper again: nothing is mapped). */
  readonly idType: "string" | "integer" | "actual";
  /** The importer's JVM heap (its caches are off-heap). */
  readonly heap: string;
  /** Each line the importer prints (its own stage and progress lines). */
  readonly onOutput?: (line: string) => void;
}

/**
 * `neo4j-admin database import full` (the neo4j-import-tool artifact) into the local Neo4j's
 * `neo4j` database, replacing its store: the fastest way to fill an empty store, written by
 * Neo4j's own parallel importer without transactions. The DBMS must be stopped; the caller
 * checks that the store held nothing worth keeping.
 */
export async function importIntoLocalStore(options: OfflineImportOptions): Promise<void> {
  const classpath = await ensureNeo4jArtifacts();
  const home = resolve(options.home);
  const conf = join(home, "conf");
  mkdirSync(conf, { recursive: true });
  // The admin tool reads its settings from NEO4J_CONF; the launcher passes its own on the command line.
  if (!existsSync(join(conf, "neo4j.conf"))) writeFileSync(join(conf, "neo4j.conf"), "# settings for neo4j-admin (the launcher passes its own)\n");
  const args = [
    `-Xmx${options.heap}`,
    ...JVM_FLAGS,
    "-cp",
    classpath,
    "org.neo4j.cli.AdminTool",
    "database",
    "import",
    "full",
    "--overwrite-destination=true",
    `--id-type=${options.idType}`,
    `--array-delimiter=${options.arrayDelimiter}`,
    `--multiline-fields=${String(options.multilineFields)}`,
    "--bad-tolerance=0",
    "--skip-bad-relationships=false",
    "--skip-duplicate-nodes=false",
    ...options.nodeFiles.map((file) => `--nodes=${file}`),
    ...options.relationshipFiles.map((file) => `--relationships=${file}`),
    "--report-file",
    join(home, "logs", "import.report"),
    "neo4j",
  ];
  mkdirSync(join(home, "logs"), { recursive: true });
  await new Promise<void>((resolveRun, reject) => {
    const child = spawn(javaExecutable(), args, { cwd: home, env: { ...process.env, NEO4J_HOME: home, NEO4J_CONF: conf }, stdio: ["ignore", "pipe", "pipe"] });
    const tail: string[] = [];
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on("line", (line) => {
        tail.push(line);
        if (tail.length > 40) tail.shift();
        options.onOutput?.(line);
      });
    }
    child.once("error", (error) => reject(new Error(`Could not start Java for neo4j-admin: ${error.message}`)));
    child.once("exit", (code) => (code === 0 ? resolveRun() : reject(new Error(`neo4j-admin database import exited with ${code}. Last output:\n${tail.join("\n")}`))));
  });
}
