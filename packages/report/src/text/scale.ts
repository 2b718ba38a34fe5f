/**
 * Every figure's sizes follow one base font size (11 px by default): a figure designed
 * at 11 px scales each length in proportion, rounded to whole pixels.
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
  return { size: fontSize, small: px(10), title: px(13), padding: px(12), px };
}
