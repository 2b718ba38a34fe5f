export * from "./errors.js";
export * from "./distributions.js";
export { zeroin, UNIROOT_TOL, type ZeroinOptions } from "./zeroin.js";
