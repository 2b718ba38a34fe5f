/** pool's RevMan-style text: moved to @metakit/review (pure). */
export * from "@metakit/review/pool/pooling-text";
