export { AboutResolver } from "./about.resolver.js";
