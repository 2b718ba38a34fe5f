/** Writing results (CSV, JSON, the one output guard, p-values): moved to @metakit/review (pure), re-exported for the commands. */
export * from "@metakit/review/pool/output";
