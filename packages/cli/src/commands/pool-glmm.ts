/** pool --method GLMM: moved to @metakit/review (pure). */
export * from "@metakit/review/pool/glmm";
