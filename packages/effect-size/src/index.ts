export * from "./errors.js";
export * from "./distributions.js";
