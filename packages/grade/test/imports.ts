export * from "../src/index.js";
export { MetakitError } from "@metakit/base";
