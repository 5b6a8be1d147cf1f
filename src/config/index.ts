export { loadConfig, ConfigError, PUBLIC_KEY_ALGORITHMS } from "./config.js";
export type { HubConfig, HubMode, LogLevel, LocalNeo4j, ExternalNeo4j, AuthConfig, LimitsConfig, PublicKeyAlgorithm } from "./config.js";
