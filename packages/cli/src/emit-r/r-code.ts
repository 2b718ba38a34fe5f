/** R source text: moved to @metakit/review (pure), re-exported for the scripts. */
export * from "@metakit/review/pool/r-code";
