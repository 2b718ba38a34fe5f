/**
 * The report's one stylesheet, inlined in <style>: readable on screen, tables that scroll
 * sideways when wider than the page, and print rules (A4; each indication and the claims
 * audit start a page, the short summary, methods and reading guide run on;
 * headings kept with what follows them; figures, their captions and table rows kept
 * whole; links printed plain). Figures are at their printed size (width in mm on the SVG),
 * never wider than the page. Fonts are named, never fetched.
 */
export const REPORT_CSS = `
:root { --ink: #1a1a1a; --muted: #555; --rule: #c8c8c8; --band: #f3f5f8; --accent: #1f4e9a; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0 auto; max-width: 1180px; padding: 24px 28px 64px; color: var(--ink); background: #fff;
  font: 15px/1.5 "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 1.7em; line-height: 1.25; margin: 0.2em 0 0.4em; }
h2 { font-size: 1.35em; margin: 2.2em 0 0.6em; padding-top: 0.6em; border-top: 3px solid var(--accent); }
h3 { font-size: 1.12em; margin: 1.8em 0 0.5em; }
h4 { font-size: 1em; margin: 1.2em 0 0.3em; }
p, ul, ol, dl { margin: 0.4em 0 0.8em; }
a { color: var(--accent); }
.meta, .note, figcaption { color: var(--muted); font-size: 0.9em; }
nav ol { columns: 2; column-gap: 32px; padding-left: 1.4em; }
dl.question { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; }
dl.question dt { font-weight: bold; }
dl.question dd { margin: 0; }
figure { margin: 1em 0 1.2em; }
figure svg { display: block; max-width: 100%; height: auto; border: 1px solid var(--rule); }
.table-wrap { overflow-x: auto; margin: 0.5em 0 1em; }
table { border-collapse: collapse; font-size: 0.86em; line-height: 1.4; min-width: 60%; }
caption { text-align: left; font-weight: bold; padding: 0 0 4px; }
th, td { border: 1px solid var(--rule); padding: 4px 7px; vertical-align: top; text-align: left; }
th { background: var(--band); }
td.right, th.right { text-align: right; font-variant-numeric: tabular-nums; }
td.center, th.center { text-align: center; }
table.sof td { white-space: pre-line; }
table.sof td:nth-child(6) { white-space: nowrap; }
table.characteristics, table.claims { font-size: 0.8em; }
table.claims td:nth-child(1), table.claims td:nth-child(3), table.claims td:nth-child(7) { min-width: 13em; }
table.claims td:nth-child(4) { word-break: break-all; }
table.characteristics td:nth-child(3), table.characteristics td:nth-child(9) { min-width: 11em; }
table.characteristics td:nth-child(8) { min-width: 7em; }
ol.footnotes { list-style: none; padding-left: 0; font-size: 0.88em; }
.assumed { background: var(--band); border-left: 4px solid var(--accent); padding: 6px 14px 6px 10px; }
.assumed h4 { margin-top: 0.3em; }
.problems { border-left: 4px solid #d7301f; padding: 4px 12px; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  main > section.indication > h2, main > section.indication ~ section:not(.indication) > h2 { break-before: page; }
  h1, h2, h3, h4, caption { break-after: avoid; page-break-after: avoid; break-inside: avoid; }
  figure, tr, .assumed, dl.question, figcaption, li { break-inside: avoid; page-break-inside: avoid; }
  p { orphans: 3; widows: 3; }
  figure svg { max-width: 100%; max-height: 240mm; }
  figure svg { border: none; }
  .table-wrap { overflow: visible; }
  table { font-size: 7.5pt; width: 100%; }
  table.characteristics, table.claims { font-size: 6.5pt; }
  table.characteristics, table.claims { table-layout: fixed; }
  table.characteristics td, table.characteristics th, table.claims td, table.claims th { min-width: 0; overflow-wrap: anywhere; }
  table.characteristics th:nth-child(3), table.characteristics th:nth-child(9) { width: 15%; }
  table.characteristics th:nth-child(8) { width: 10%; }
  table.claims th:nth-child(1), table.claims th:nth-child(3), table.claims th:nth-child(7) { width: 20%; }
  a { color: inherit; text-decoration: none; }
}
`;
