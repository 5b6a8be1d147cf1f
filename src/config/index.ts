export { loadConfig, ConfigError } from "./config.js";
export type { HubConfig, HubMode, LogLevel, LocalNeo4j, ExternalNeo4j } from "./config.js";
