/**
 * PNG chunks the report reads and writes: the size in pixels (IHDR) and the physical
 * resolution (pHYs), which resvg does not write, so that a figure says it is 300 dpi and
 * a word processor or a journal's system places it at its size on paper.
 * @reference PNG specification, 3rd edition (W3C 2025), 5.3 (chunk layout and CRC), 11.2.1 IHDR, 11.3.5.3 pHYs.
 */
import { MetakitError } from "@metakit/base";

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
/** Metres per inch: pHYs counts pixels per metre. */
const METRES_PER_INCH = 0.0254;

const uint32 = (bytes: Uint8Array, at: number) => ((bytes[at]! << 24) >>> 0) + (bytes[at + 1]! << 16) + (bytes[at + 2]! << 8) + bytes[at + 3]!;
const putUint32 = (bytes: Uint8Array, at: number, value: number) => {
  bytes[at] = (value >>> 24) & 0xff;
  bytes[at + 1] = (value >>> 16) & 0xff;
  bytes[at + 2] = (value >>> 8) & 0xff;
  bytes[at + 3] = value & 0xff;
};
const ascii = (bytes: Uint8Array, at: number) => String.fromCharCode(...bytes.slice(at, at + 4));

/** CRC-32 of the PNG specification (polynomial 0xEDB88320), table built once. */
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function checkPng(bytes: Uint8Array): void {
  const ok = bytes.length >= 33 && SIGNATURE.every((b, i) => bytes[i] === b) && ascii(bytes, 12) === "IHDR";
  if (!ok) throw new MetakitError("INVALID_INPUT", "figure: not a PNG file (no PNG signature and IHDR chunk)", { field: "png", value: bytes.length });
}

/** Width and height in pixels. @throws MetakitError when the bytes are not a PNG. */
export function pngSize(bytes: Uint8Array): { readonly width: number; readonly height: number } {
  checkPng(bytes);
  return { width: uint32(bytes, 16), height: uint32(bytes, 20) };
}

/** Each chunk's type and where it starts (its length field). */
function chunks(bytes: Uint8Array): { type: string; at: number; length: number }[] {
  const out: { type: string; at: number; length: number }[] = [];
  for (let at = 8; at + 12 <= bytes.length; ) {
    const length = uint32(bytes, at);
    out.push({ type: ascii(bytes, at + 4), at, length });
    at += 12 + length;
  }
  return out;
}

/** Dots per inch from the pHYs chunk, or undefined when the PNG has none or it states no unit. */
export function pngDpi(bytes: Uint8Array): { readonly x: number; readonly y: number } | undefined {
  checkPng(bytes);
  const phys = chunks(bytes).find((c) => c.type === "pHYs");
  if (phys === undefined || bytes[phys.at + 16] !== 1) return undefined;
  return { x: uint32(bytes, phys.at + 8) * METRES_PER_INCH, y: uint32(bytes, phys.at + 12) * METRES_PER_INCH };
}

/**
 * The PNG with a pHYs chunk of `dpi` dots per inch (pixels per metre, rounded: 300 dpi is
 * 11811), placed right after IHDR as the specification requires (before IDAT); an existing
 * pHYs is replaced. @throws MetakitError when the bytes are not a PNG.
 */
export function withPngDpi(bytes: Uint8Array, dpi: number): Uint8Array {
  checkPng(bytes);
  const perMetre = Math.round(dpi / METRES_PER_INCH);
  const chunk = new Uint8Array(21);
  putUint32(chunk, 0, 9);
  chunk.set([0x70, 0x48, 0x59, 0x73], 4); // "pHYs"
  putUint32(chunk, 8, perMetre);
  putUint32(chunk, 12, perMetre);
  chunk[16] = 1; // unit: the metre
  putUint32(chunk, 17, crc32(chunk.subarray(4, 17)));
  const kept = chunks(bytes).filter((c) => c.type !== "pHYs");
  const ihdrEnd = 8 + 25;
  const rest = kept.filter((c) => c.type !== "IHDR").map((c) => bytes.subarray(c.at, c.at + 12 + c.length));
  const parts = [bytes.subarray(0, ihdrEnd), chunk, ...rest];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
