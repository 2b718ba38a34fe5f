/**
 * A small reader for the SVG that vega writes: every element with its absolute position
 * (the sum of the translate() transforms above it and its own), the mark container it is
 * in (vega's class, such as "squares_marks" or "role-axis-label"), and for <text> its
 * content with entities decoded. Enough to check geometry, labels and escaping.
 */
export interface SvgElement {
  readonly tag: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** Class of the nearest enclosing group whose class starts with "mark-". */
  readonly container: string;
  readonly x: number;
  readonly y: number;
  readonly text?: string;
}

const TAG = /<(\/?)([a-zA-Z]+)((?:\s+[\w:-]+="[^"]*")*)\s*(\/?)>|([^<]+)/g;
const ATTRIBUTE = /([\w:-]+)="([^"]*)"/g;

export function decodeEntities(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|#39|apos);/g, (_, name: string) => ({ lt: "<", gt: ">", amp: "&", quot: '"', "#39": "'", apos: "'" })[name]!);
}

function translate(transform: string | undefined): [number, number] {
  const match = /translate\(([-\d.e]+),\s*([-\d.e]+)\)/.exec(transform ?? "");
  return match === null ? [0, 0] : [Number(match[1]), Number(match[2])];
}

export function parseSvg(svg: string): SvgElement[] {
  const elements: SvgElement[] = [];
  const stack: { tag: string; x: number; y: number; container: string }[] = [{ tag: "#root", x: 0, y: 0, container: "" }];
  let open: { tag: string; attributes: Record<string, string>; x: number; y: number; container: string; text: string } | undefined;
  for (const match of svg.matchAll(TAG)) {
    const [, closing, tag, attributeText, selfClosing, text] = match;
    if (text !== undefined) {
      if (open !== undefined) open.text += text;
      continue;
    }
    const parent = stack[stack.length - 1]!;
    if (closing === "/") {
      if (tag === "text" && open !== undefined) {
        elements.push({ tag: "text", attributes: open.attributes, container: open.container, x: open.x, y: open.y, text: decodeEntities(open.text) });
        open = undefined;
      }
      if (tag !== "text") stack.pop();
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const [, name, value] of attributeText!.matchAll(ATTRIBUTE)) attributes[name!] = decodeEntities(value!);
    const [dx, dy] = translate(attributes["transform"]);
    const x = parent.x + dx;
    const y = parent.y + dy;
    const cls = attributes["class"] ?? "";
    const container = tag === "g" && cls.startsWith("mark-") ? cls : parent.container;
    if (tag === "text") {
      open = { tag, attributes, x, y, container, text: "" };
      continue;
    }
    elements.push({ tag: tag!, attributes, container, x, y });
    if (selfClosing !== "/") stack.push({ tag: tag!, x: tag === "g" ? x : parent.x, y: tag === "g" ? y : parent.y, container });
  }
  return elements;
}

/** Elements inside the mark container whose class contains `name`. */
export function inContainer(elements: readonly SvgElement[], name: string): SvgElement[] {
  return elements.filter((e) => e.container.split(" ").includes(name) && e.tag !== "g");
}

export function texts(elements: readonly SvgElement[]): SvgElement[] {
  return elements.filter((e) => e.tag === "text");
}

/** Vertices of a path made only of M and L commands ("M1,2L3,4Z"). */
export function pathPoints(d: string): [number, number][] {
  return [...d.matchAll(/[ML]([-\d.e]+),([-\d.e]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}
