/**
 * withResolution(png, dpi): the pHYs chunk of the PNG specification (2nd ed., 11.3.5.3),
 * pixels per metre with unit 1, inserted right after IHDR, its CRC the specification's
 * CRC-32 (checked against node:zlib's crc32, an independent implementation).
 */
import { crc32, deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { pixelsPerMetre, resolutionOf, withResolution } from "../src/index.js";

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(Buffer.from(type, "latin1"), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** A 1 x 1 grey PNG: signature, IHDR, IDAT, IEND. */
function tinyPng(extra: Uint8Array[] = []): Uint8Array {
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, 1);
  v.setUint32(4, 1);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  const parts = [Uint8Array.from(SIGNATURE), chunk("IHDR", ihdr), ...extra, chunk("IDAT", deflateSync(Uint8Array.from([0, 128]))), chunk("IEND", new Uint8Array(0))];
  return Uint8Array.from(Buffer.concat(parts));
}

/** The chunks of a PNG as [type, data, crc ok]. */
function chunks(png: Uint8Array): [string, Uint8Array, boolean][] {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const out: [string, Uint8Array, boolean][] = [];
  for (let at = 8; at < png.length; ) {
    const length = view.getUint32(at);
    const type = Buffer.from(png.subarray(at + 4, at + 8)).toString("latin1");
    out.push([type, png.subarray(at + 8, at + 8 + length), view.getUint32(at + 8 + length) === crc32(png.subarray(at + 4, at + 8 + length))]);
    at += 12 + length;
  }
  return out;
}

describe("withResolution(png, dpi)", () => {
  it("300 dpi is 11811 pixels per metre (300 / 0.0254, rounded)", () => {
    expect(pixelsPerMetre(300)).toBe(11811);
    expect(pixelsPerMetre(96)).toBe(3780);
  });

  it("inserts pHYs after IHDR with both axes at the resolution, unit metre, and a valid CRC; the other chunks are unchanged", () => {
    const png = tinyPng();
    const out = withResolution(png, 300);
    const list = chunks(out);
    expect(list.map(([type]) => type)).toEqual(["IHDR", "pHYs", "IDAT", "IEND"]);
    expect(list.every(([, , ok]) => ok)).toBe(true);
    const phys = new DataView(list[1]![1].buffer, list[1]![1].byteOffset, 9);
    expect([phys.getUint32(0), phys.getUint32(4), phys.getUint8(8)]).toEqual([11811, 11811, 1]);
    expect(Buffer.from(out.subarray(0, 8))).toEqual(Buffer.from(SIGNATURE));
    expect(chunks(png).map(([t, d]) => [t, Buffer.from(d)])).toEqual(list.filter(([t]) => t !== "pHYs").map(([t, d]) => [t, Buffer.from(d)]));
    expect(resolutionOf(out)).toBeCloseTo(300, 1);
  });

  it("replaces a pHYs chunk already there instead of adding a second", () => {
    const out = withResolution(withResolution(tinyPng(), 72), 600);
    expect(chunks(out).filter(([t]) => t === "pHYs")).toHaveLength(1);
    expect(resolutionOf(out)).toBeCloseTo(600, 1);
  });

  it("a PNG without pHYs has no resolution; bytes that are not a PNG, or dpi <= 0, are refused", () => {
    expect(resolutionOf(tinyPng())).toBeUndefined();
    expect(() => withResolution(Uint8Array.from([1, 2, 3]), 300)).toThrow(/not a PNG/);
    expect(() => withResolution(tinyPng(), 0)).toThrow(/dpi/);
    expect(() => withResolution(tinyPng(), Number.NaN)).toThrow(/dpi/);
  });
});
