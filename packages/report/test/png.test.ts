/**
 * PNG chunks: CRC-32 against the check value of the PNG specification's CRC, pHYs written
 * and read back, placed after IHDR and replacing an earlier one.
 */
import { describe, expect, it } from "vitest";
import { crc32, pngDpi, pngSize, withPngDpi } from "../src/document/png.js";

/** A minimal PNG: signature, IHDR (300 x 200, RGBA), IEND, with correct CRCs. */
function tinyPng(): Uint8Array {
  const chunk = (type: string, data: number[]) => {
    const body = Uint8Array.from([...type].map((c) => c.charCodeAt(0)).concat(data));
    const crc = crc32(body);
    const len = data.length;
    return [len >>> 24, (len >>> 16) & 255, (len >>> 8) & 255, len & 255, ...body, crc >>> 24, (crc >>> 16) & 255, (crc >>> 8) & 255, crc & 255];
  };
  return Uint8Array.from([137, 80, 78, 71, 13, 10, 26, 10, ...chunk("IHDR", [0, 0, 1, 44, 0, 0, 0, 200, 8, 6, 0, 0, 0]), ...chunk("IEND", [])]);
}

describe("PNG chunks", () => {
  it("crc32 gives the standard check value of '123456789' (0xCBF43926) and IEND's well-known CRC (0xAE426082)", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
    expect(crc32(new TextEncoder().encode("IEND"))).toBe(0xae426082);
  });

  it("writes pHYs after IHDR and reads 300 dpi back (11811 pixels per metre)", () => {
    const png = tinyPng();
    expect(pngDpi(png)).toBeUndefined();
    const marked = withPngDpi(png, 300);
    expect(String.fromCharCode(...marked.slice(37, 41))).toBe("pHYs");
    expect(marked.length).toBe(png.length + 21);
    const dpi = pngDpi(marked)!;
    expect(dpi.x).toBeCloseTo(11811 * 0.0254, 10);
    expect(Math.round(dpi.x)).toBe(300);
    expect(dpi.y).toBe(dpi.x);
    expect(pngSize(marked)).toEqual({ width: 300, height: 200 });
    // The chunk's CRC covers its type and data.
    const view = new DataView(marked.buffer);
    expect(view.getUint32(37 + 13, false)).toBe(crc32(marked.subarray(37, 50)));
  });

  it("replaces an earlier pHYs instead of adding a second", () => {
    const twice = withPngDpi(withPngDpi(tinyPng(), 72), 300);
    expect(twice.length).toBe(tinyPng().length + 21);
    expect(Math.round(pngDpi(twice)!.x)).toBe(300);
  });

  it("refuses bytes that are not a PNG", () => {
    expect(() => withPngDpi(new TextEncoder().encode("GIF89a not a png at all, long enough"), 300)).toThrow(/not a PNG/);
  });
});
