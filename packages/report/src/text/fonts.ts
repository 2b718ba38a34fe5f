/**
 * The font files every figure is measured and rasterised with. One file per weight, given
 * explicitly to both the text measure (canvas) and the rasteriser (resvg), so widths used
 * for layout are the widths drawn, and the PNG does not depend on the fonts a machine has.
 * Where the files are is machine configuration: the caller finds them (the CLI's
 * findFontFiles) and passes them in.
 */

/** The family name written into the SVG; it is the name inside the DejaVu Sans files. */
export const FONT_FAMILY = "DejaVu Sans";

/** Paths of DejaVu Sans regular and bold (TrueType). */
export interface FontFiles {
  readonly regular: string;
  readonly bold: string;
}
