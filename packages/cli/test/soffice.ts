/**
 * LibreOffice for the tests: converts a file headlessly (`soffice --headless --convert-to
 * pdf`) with a private user profile, so a test never touches or waits on anyone's
 * LibreOffice settings, and reads a PDF's text with pdftotext where it is installed.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";

/** The first program of that name on PATH, or undefined. */
export function onPath(name: string): string | undefined {
  const found = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" });
  const path = found.stdout.trim();
  return found.status === 0 && path !== "" ? path : undefined;
}

export interface Conversion {
  readonly status: number | null;
  readonly stderr: string;
  /** The PDF written, or undefined when none was. */
  readonly pdf: string | undefined;
}

/** Converts `file` to PDF in `outDir` with LibreOffice at `soffice`. */
export function convertToPdf(soffice: string, file: string, outDir: string): Conversion {
  const profile = mkdtempSync(join(tmpdir(), "metakit-lo-profile-"));
  try {
    const run = spawnSync(soffice, [`-env:UserInstallation=file://${profile}`, "--headless", "--convert-to", "pdf", "--outdir", outDir, file], { encoding: "utf8" });
    const pdf = join(outDir, basename(file).replace(/\.[^.]+$/, ".pdf"));
    return { status: run.status, stderr: run.stderr, pdf: existsSync(pdf) ? pdf : undefined };
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** The PDF's text by pdftotext, or undefined when pdftotext is not installed. */
export function pdfText(pdf: string): string | undefined {
  const pdftotext = onPath("pdftotext");
  return pdftotext === undefined ? undefined : execFileSync(pdftotext, ["-layout", pdf, "-"], { encoding: "utf8" });
}
