import { ConfigError, loadConfig } from "./config/index.js";
import { createLogger, startHub } from "./server/hub.js";

/** Entry point of `npm start`: validated configuration, then the hub, then wait for a signal. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config);
  const hub = await startHub(config, logger);
  let signalled = false;
  const shutdown = (signal: string): void => {
    if (signalled) return;
    signalled = true;
    logger.info({ signal }, "shutdown requested");
    hub.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  process.stderr.write(`dangjian-hub failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
