/**
 * Every figure's sizes follow one base font size (11 units by default): a figure designed
 * at 11 scales each length in proportion, rounded to whole units. Printed at 3.5 units to
 * the mm (print/size.ts), 11 is 8.9 pt and the small text (10) 8.1 pt; titles are bold at
 * the body size, so no text prints larger than 9 pt.
 */
export const BASE_FONT_SIZE = 11;

export interface TextScale {
  /** The base font size. */
  readonly size: number;
  /** Tick labels and notes. */
  readonly small: number;
  readonly title: number;
  /** Space around the figure. */
  readonly padding: number;
  /** A length of `px` pixels at the base size, at this size. */
  readonly px: (px: number) => number;
}

export function textScale(fontSize: number = BASE_FONT_SIZE): TextScale {
  const px = (length: number) => Math.round((length * fontSize) / BASE_FONT_SIZE);
  return { size: fontSize, small: px(10), title: fontSize, padding: px(12), px };
}
