/** @napi-rs/canvas in the browser: the app measures text with the browser's own canvas. */
export const GlobalFonts = { registerFromPath: (): boolean => false };
export function createCanvas(): never {
  throw new Error("@napi-rs/canvas is not available in the browser");
}
