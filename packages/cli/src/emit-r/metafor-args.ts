/** metakit options as metafor arguments: moved to @metakit/review (pure), re-exported for the scripts. */
export * from "@metakit/review/pool/metafor-args";
