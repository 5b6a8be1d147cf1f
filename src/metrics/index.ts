export { HubMetrics, safeOperationName, writtenOperationName } from "./metrics.js";
