/**
 * The size of a figure on paper. Every figure is laid out in SVG units and printed at
 * PIXELS_PER_MM of them to the millimetre, written on the SVG root as width and height in
 * mm (the viewBox keeps the units), so the physical size is explicit: a 10-unit text prints
 * at 10 / 3.5 mm = 8.1 pt and an 11-unit text at 8.9 pt, the 8-9 pt journals ask for.
 * Forest plots are laid out to fill one of the journal widths below exactly.
 */

/** SVG units per millimetre on paper (3.5: 1 unit = 0.286 mm). */
export const PIXELS_PER_MM = 3.5;

/** Millimetres per typographic point (1/72 inch). */
export const MM_PER_POINT = 25.4 / 72;

/**
 * Journal figure widths in mm, narrowest first: one column (85), one and a half columns
 * (120), a full page of text (170) and the widest double column (180) (the range of the BMJ,
 * Elsevier and Nature figure guides: 84-90, 120-140, 170-183 mm).
 */
export const JOURNAL_WIDTHS_MM = [85, 120, 170, 180] as const;

/** The printed size in points of a text of `size` SVG units in a figure printed at PIXELS_PER_MM. */
export const printedPoints = (size: number): number => size / PIXELS_PER_MM / MM_PER_POINT;

/** Width in SVG units of a figure printed `mm` wide. */
export const unitsForWidth = (mm: number): number => mm * PIXELS_PER_MM;

const millimetres = (units: number): string => String(Number((units / PIXELS_PER_MM).toFixed(3)));

/**
 * The SVG with its root's width and height in millimetres (units / PIXELS_PER_MM) and a
 * viewBox of its units; vega writes `width="W" height="H" viewBox="0 0 W H"` in units.
 */
export function withPrintSize(svg: string): string {
  return svg.replace(/^<svg\b[^>]*>/, (root) =>
    root
      .replace(/\swidth="([0-9.]+)"/, (_, w: string) => ` width="${millimetres(Number(w))}mm"`)
      .replace(/\sheight="([0-9.]+)"/, (_, h: string) => ` height="${millimetres(Number(h))}mm"`),
  );
}

/**
 * The size of an SVG root: its viewBox in units and its width and height in millimetres
 * (a plain number is taken as CSS pixels, 96 to the inch).
 */
export function svgPrintSize(svg: string): { readonly units: { readonly width: number; readonly height: number }; readonly mm: { readonly width: number; readonly height: number } } {
  const root = /^<svg\b[^>]*>/.exec(svg)?.[0] ?? "";
  const view = /\sviewBox="([-0-9. ]+)"/.exec(root)?.[1]?.trim().split(/\s+/).map(Number) ?? [];
  const length = (name: string): number => {
    const match = new RegExp(`\\s${name}="([0-9.]+)(mm|px)?"`).exec(root);
    if (match === null) return Number.NaN;
    return match[2] === "mm" ? Number(match[1]) : (Number(match[1]) * 25.4) / 96;
  };
  const units = { width: view[2] ?? Number.NaN, height: view[3] ?? Number.NaN };
  return { units, mm: { width: length("width"), height: length("height") } };
}
