/** pool's JSON shape: moved to @metakit/review (pure), so the web app prints the same JSON. */
export * from "@metakit/review/pool/pooling-json";
