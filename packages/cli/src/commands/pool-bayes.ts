/** pool --method BAYES: moved to @metakit/review (pure). */
export * from "@metakit/review/pool/bayes";
