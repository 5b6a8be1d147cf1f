export { ROLES, atLeast } from "./viewer.js";
export type { Role, Viewer } from "./viewer.js";
