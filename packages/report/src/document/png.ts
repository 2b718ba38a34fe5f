/**
 * Reading a PNG's header: its size in pixels (IHDR).
 * @reference PNG specification, 3rd edition (W3C 2025), 11.2.1 IHDR.
 */
import { MetakitError } from "@metakit/base";

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

const uint32 = (bytes: Uint8Array, at: number) => ((bytes[at]! << 24) >>> 0) + (bytes[at + 1]! << 16) + (bytes[at + 2]! << 8) + bytes[at + 3]!;

function checkPng(bytes: Uint8Array): void {
  const ok = bytes.length >= 33 && SIGNATURE.every((b, i) => bytes[i] === b) && String.fromCharCode(...bytes.slice(12, 16)) === "IHDR";
  if (!ok) throw new MetakitError("INVALID_INPUT", "figure: not a PNG file (no PNG signature and IHDR chunk)", { field: "png", value: bytes.length });
}

/** Width and height in pixels. @throws MetakitError when the bytes are not a PNG. */
export function pngSize(bytes: Uint8Array): { readonly width: number; readonly height: number } {
  checkPng(bytes);
  return { width: uint32(bytes, 16), height: uint32(bytes, 20) };
}
