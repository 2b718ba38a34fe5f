/** Set by vite.config.ts at build time: the version of @metakit/cli the app was built beside, for the R script's header. */
declare const __METAKIT_VERSION__: string;
