export { ERROR_CODES } from "./catalogue.js";
export type { ErrorCode } from "./catalogue.js";
export { HubError, DatabaseUnavailableError, isHubError } from "./hub-error.js";
