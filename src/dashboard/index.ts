export { createDashboardServer, DASHBOARD_ROOT, DASHBOARD_CSP } from "./dashboard.server.js";
