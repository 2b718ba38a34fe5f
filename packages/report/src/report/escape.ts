/**
 * HTML escaping: text is always written through these, so a study label such as
 * `<script>alert(1)</script>` or `"><img src=x onerror=...>` stays text in the report.
 * The five characters that can end text or an attribute value are replaced (OWASP's rule
 * for HTML body and quoted attribute contexts).
 */
const ENTITIES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text safe inside an element or a double-quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}
