/**
 * The physical resolution of a PNG: the pHYs chunk (PNG specification, 2nd ed., section
 * 11.3.5.3), pixels per metre on both axes with unit 1 (metre), written right after IHDR
 * so print software sizes the image as drawn (a 300 dpi figure prints at its size).
 */

const SIGNATURE_LENGTH = 8;
const INCHES_PER_METRE = 1 / 0.0254;

/** CRC-32 of the PNG specification (annex D): polynomial 0xEDB88320, over type and data. */
const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Dots per inch as pixels per metre, rounded as the specification stores it (300 dpi: 11811). */
export const pixelsPerMetre = (dpi: number): number => Math.round(dpi * INCHES_PER_METRE);

/** The pHYs chunk for `dpi` on both axes: length, type, data, CRC. */
function physChunk(dpi: number): Uint8Array {
  const chunk = new Uint8Array(4 + 4 + 9 + 4);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, 9);
  chunk.set([0x70, 0x48, 0x59, 0x73], 4); // "pHYs"
  view.setUint32(8, pixelsPerMetre(dpi));
  view.setUint32(12, pixelsPerMetre(dpi));
  chunk[16] = 1; // unit: metre
  view.setUint32(17, crc32(chunk.subarray(4, 17)));
  return chunk;
}

/**
 * The PNG with its resolution set to `dpi`: a pHYs chunk inserted after IHDR, replacing
 * one already there. The pixels are not touched.
 * @throws Error when the bytes are not a PNG that starts with IHDR.
 */
export function withResolution(png: Uint8Array, dpi: number): Uint8Array {
  if (!(dpi > 0)) throw new Error(`withResolution: dpi must be a number > 0, got ${dpi}`);
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const type = (offset: number) => String.fromCharCode(...png.subarray(offset + 4, offset + 8));
  if (png.byteLength < SIGNATURE_LENGTH + 12 || type(SIGNATURE_LENGTH) !== "IHDR") throw new Error("withResolution: not a PNG (no IHDR after the signature)");
  const afterHeader = SIGNATURE_LENGTH + 12 + view.getUint32(SIGNATURE_LENGTH);
  const parts: Uint8Array[] = [png.subarray(0, afterHeader), physChunk(dpi)];
  for (let offset = afterHeader; offset < png.byteLength; ) {
    const end = offset + 12 + view.getUint32(offset);
    if (type(offset) !== "pHYs") parts.push(png.subarray(offset, end));
    offset = end;
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.byteLength), 0);
  return out;
}

/** The resolution a PNG's pHYs chunk gives, in dots per inch, or undefined when it has none (or a unitless one). */
export function resolutionOf(png: Uint8Array): number | undefined {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  for (let offset = SIGNATURE_LENGTH; offset + 12 <= png.byteLength; ) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...png.subarray(offset + 4, offset + 8));
    if (type === "pHYs" && png[offset + 16] === 1) return view.getUint32(offset + 8) / INCHES_PER_METRE;
    offset += 12 + length;
  }
  return undefined;
}
