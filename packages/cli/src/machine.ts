/**
 * Machine configuration, found here and passed in: the font files every figure is
 * measured and drawn with (DejaVu Sans, for byte-stable output) and the Chromium that
 * `report --pdf` prints with. The rendering packages take both as arguments and never
 * look at the file system for them. $METAKIT_FONT_DIR and $METAKIT_BROWSER, when set,
 * replace the places searched.
 */
import { existsSync } from "node:fs";
import type { FontFiles } from "@metakit/report";
import { MachineError } from "./errors.js";

/** Where Debian's fonts-dejavu-core puts DejaVu Sans (and where Fedora and Arch put it). */
export const FONT_DIRECTORIES = [
  "/usr/share/fonts/truetype/dejavu",
  "/usr/share/fonts/dejavu-sans-fonts",
  "/usr/share/fonts/TTF",
] as const;

/** Where Debian (chromium), Ubuntu (chromium-browser) and Google's package put the browser. */
export const BROWSER_PATHS = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"] as const;

/** The font directories to search: $METAKIT_FONT_DIR alone when set, else FONT_DIRECTORIES. */
export function fontDirectories(env: Readonly<Record<string, string | undefined>> = process.env): readonly string[] {
  const given = env["METAKIT_FONT_DIR"];
  return given === undefined || given === "" ? FONT_DIRECTORIES : [given];
}

/** The browser executables to try: $METAKIT_BROWSER alone when set, else BROWSER_PATHS. */
export function browserPaths(env: Readonly<Record<string, string | undefined>> = process.env): readonly string[] {
  const given = env["METAKIT_BROWSER"];
  return given === undefined || given === "" ? BROWSER_PATHS : [given];
}

/**
 * DejaVu Sans regular and bold from the first directory that has both.
 * @throws MachineError naming every path tried and how to install the font.
 */
export function findFontFiles(directories: readonly string[] = fontDirectories()): FontFiles {
  const tried: string[] = [];
  for (const directory of directories) {
    const regular = `${directory}/DejaVuSans.ttf`;
    const bold = `${directory}/DejaVuSans-Bold.ttf`;
    tried.push(regular, bold);
    if (existsSync(regular) && existsSync(bold)) return { regular, bold };
  }
  throw new MachineError(
    "fonts",
    tried,
    `figures need the DejaVu Sans font, not found (tried ${tried.join(", ")}): apt-get install fonts-dejavu-core (Debian), or set METAKIT_FONT_DIR`,
  );
}

/**
 * The first Chromium executable that exists.
 * @throws MachineError naming every path tried and how to install the browser.
 */
export function findBrowser(paths: readonly string[] = browserPaths()): string {
  const found = paths.find((path) => existsSync(path));
  if (found !== undefined) return found;
  throw new MachineError("browser", paths, `--pdf needs Chromium, not found (tried ${paths.join(", ")}): apt-get install chromium (Debian), or set METAKIT_BROWSER`);
}
