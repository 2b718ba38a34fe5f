/** pool --style metafor: moved to @metakit/review (pure). */
export * from "@metakit/review/pool/metafor-style";
