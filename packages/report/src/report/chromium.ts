/**
 * How metakit drives a browser (the CLI's --pdf, the browser tests): an installed
 * Chromium through playwright-core, never a downloaded browser. The flags keep a headless
 * Chromium from calling home: without them it floods a closed network with refused
 * connections (TOOLCHAIN.md). Data only: where the browser is, is machine configuration
 * the caller finds (the CLI's findBrowser), and the caller launches.
 */

/** Passed to playwright-core's launchPersistentContext with a fresh user-data folder. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
] as const;
