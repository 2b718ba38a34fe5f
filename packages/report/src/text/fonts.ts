/**
 * The font files every figure is measured and rasterised with. One file per weight, given
 * explicitly to both the text measure (canvas) and the rasteriser (resvg), so widths used
 * for layout are the widths drawn, and the PNG does not depend on the fonts a machine has.
 */
import { existsSync } from "node:fs";
import { MetakitError } from "@metakit/base";
import { messages } from "../messages.js";

/** The family name written into the SVG; it is the name inside the DejaVu Sans files. */
export const FONT_FAMILY = "DejaVu Sans";

export interface FontFiles {
  readonly regular: string;
  readonly bold: string;
}

/** Where Debian's fonts-dejavu-core puts DejaVu Sans (and where Fedora and Arch put it). */
export const DEJAVU_DIRECTORIES = [
  "/usr/share/fonts/truetype/dejavu",
  "/usr/share/fonts/dejavu-sans-fonts",
  "/usr/share/fonts/TTF",
] as const;

/**
 * DejaVu Sans regular and bold from the first directory that has both.
 * @throws MetakitError UNSUPPORTED naming every path tried, and how to install the font.
 */
export function findFontFiles(directories: readonly string[] = DEJAVU_DIRECTORIES): FontFiles {
  const tried: string[] = [];
  for (const directory of directories) {
    const regular = `${directory}/DejaVuSans.ttf`;
    const bold = `${directory}/DejaVuSans-Bold.ttf`;
    tried.push(regular, bold);
    if (existsSync(regular) && existsSync(bold)) return { regular, bold };
  }
  throw new MetakitError("UNSUPPORTED", messages.fontMissing(tried), { field: "fontFiles", value: tried });
}
