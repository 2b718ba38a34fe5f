/** pool --format csv: moved to @metakit/review (pure). */
export * from "@metakit/review/pool/pooling-csv";
