/** Moved to @metakit/review (pure): the CLI imports it from here as before. */
export * from "@metakit/review/pool/locate";
