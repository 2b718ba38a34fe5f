/**
 * Text safety shared by every output that a spreadsheet or a terminal reads: the one
 * CSV-injection neutraliser (OWASP's advice: a cell whose first non-blank character is
 * =, +, -, @, tab or carriage return is read as a formula, so it gets a leading
 * apostrophe) and the one control-character escape for terminal text.
 */

const FORMULA_START = /^[\s]*[=+\-@\t\r]/;

/**
 * "'=1+1" for "=1+1"; other text unchanged. Numbers written as numbers need no
 * neutralising (a negative number cannot run anything); text that merely looks like
 * "-0.25" is still neutralised, since the writer cannot know where it came from.
 * @example neutraliseCsvText("=HYPERLINK(\"x\")") // "'=HYPERLINK(\"x\")"
 */
export function neutraliseCsvText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * Control characters a terminal acts on (C0 but tab and line feed, DEL, C1) and the
 * bidirectional overrides that reorder what is shown.
 */
export const CONTROL_CHARACTER = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const CONTROL_CHARACTERS = new RegExp(CONTROL_CHARACTER.source, "g");

/** "\u001b" for ESC: the character made visible instead of acted on. */
function visible(character: string): string {
  return `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/**
 * Text made safe for a terminal: every control character (see CONTROL_CHARACTER) is
 * written as a visible \uXXXX escape, except a carriage return at the very start of the
 * text (a progress bar redrawing its line).
 * @example terminalText("a\u001b[31mb") // "a\\u001b[31mb"
 */
export function terminalText(text: string): string {
  const lead = text.startsWith("\r") ? "\r" : "";
  return lead + text.slice(lead.length).replace(CONTROL_CHARACTERS, visible);
}
