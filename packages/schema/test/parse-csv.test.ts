import { describe, expect, it } from "vitest";
import { csvRecordKind, formatIssue, parseCsv, type ParseOutcome } from "../src/index.js";

const HEADER = "id,file,quote,status,supporting";

function claims(outcome: ParseOutcome) {
  if (outcome.parsed?.type !== "extraction") throw new Error("no extraction parsed");
  return outcome.parsed.records.claims.map((located) => located.record);
}

function messages(outcome: ParseOutcome): string[] {
  return outcome.issues.map(formatIssue);
}

const ARMS_HEADER = ["study", "id", "type", "intervention", "randomised", "randomised.source", "randomised.location", "randomised.quote", "randomised.status"];

describe("parseCsv(file, text)", () => {
  it("reads UTF-8 with a BOM and CRLF line ends", () => {
    const text = `\uFEFF${HEADER}\r\nc1,000.txt,"a claim, with a comma",verified,s1|s2\r\n`;
    const outcome = parseCsv("claims.csv", text);
    expect(outcome.issues).toEqual([]);
    expect(claims(outcome)).toEqual([
      { id: "c1", file: "000.txt", quote: "a claim, with a comma", status: "verified", supporting: ["s1", "s2"], contradicting: [] },
    ]);
  });

  it("reads a semicolon-delimited file (the delimiter is taken from the header)", () => {
    const text = "id;file;quote;status\nc1;000.txt;a claim, with commas, here;not-found\n";
    const outcome = parseCsv("x-claims.csv", text);
    expect(outcome.issues).toEqual([]);
    expect(claims(outcome).map((c) => c.quote)).toEqual(["a claim, with commas, here"]);
  });

  it("reports a decimal comma in a semicolon file at its row and column, never reading 1,5 as 15", () => {
    const text = `${ARMS_HEADER.join(";")}\ns1;e;experimental;naltrexone;1,5;PMID:1;abstract;q;verified\n`;
    const outcome = parseCsv("arms.csv", text);
    expect(messages(outcome)).toEqual([
      'arms.csv:2:randomised: comma in the number "1,5": metakit reads neither decimal commas nor thousands separators; write it with a point and no separators',
    ]);
    expect(outcome.parsed?.type === "extraction" ? outcome.parsed.records.arms : null).toEqual([]);
  });

  it("reports a thousands separator (1,000) instead of reading 1000", () => {
    const text = `${ARMS_HEADER.join(",")}\ns1,e,experimental,naltrexone,"1,000",PMID:1,abstract,q,verified\n`;
    expect(messages(parseCsv("arms.csv", text))).toEqual([
      'arms.csv:2:randomised: comma in the number "1,000": metakit reads neither decimal commas nor thousands separators; write it with a point and no separators',
    ]);
  });

  it("reports an unquoted decimal comma in a comma file as a row with too many fields", () => {
    const text = `${ARMS_HEADER.join(",")}\ns1,e,experimental,naltrexone,1,5,PMID:1,abstract,q,verified\n`;
    expect(messages(parseCsv("arms.csv", text))).toEqual([
      "arms.csv:2: row has 10 fields but the header has 9: a decimal comma splits a number in a comma-delimited file; write numbers with a point",
    ]);
  });

  it("joins a number column with its provenance columns into one reported number", () => {
    const text = `${ARMS_HEADER.join(",")}\ns1,e,experimental,naltrexone,6,PMID:1,abstract,n=6,verified\n`;
    const outcome = parseCsv("arms.csv", text);
    expect(outcome.issues).toEqual([]);
    const arm = outcome.parsed?.type === "extraction" ? outcome.parsed.records.arms[0]?.record : undefined;
    expect(arm?.randomised).toEqual({ value: 6, source: "PMID:1", location: "abstract", quote: "n=6", status: "verified" });
  });

  it("reads nested and list fields from dotted columns (arms.0.mean)", () => {
    const header = "id,study,form,measure,outcome.domain,outcome.instrument,outcome.better,arms.0.arm,arms.0.mean,arms.0.sd,arms.0.n,arms.1.arm,arms.1.mean,arms.1.sd,arms.1.n,primary";
    const text = `${header}\nr1,s1,continuous,final,depression,HAM-D,lower,e,11.7,7.7,6,c,17.8,5.9,6,TRUE\n`;
    const outcome = parseCsv("depression-results.csv", text);
    expect(outcome.issues).toEqual([]);
    const result = outcome.parsed?.type === "extraction" ? outcome.parsed.records.results[0]?.record : undefined;
    expect(result?.form === "continuous" ? result.arms.map((a) => [a.arm, a.mean.value, a.sd?.value, a.n.value]) : []).toEqual([
      ["e", 11.7, 7.7, 6],
      ["c", 17.8, 5.9, 6],
    ]);
    expect(result?.primary).toBe(true);
  });

  it("keeps spreadsheet row numbers across blank lines and names the column of a bad value", () => {
    const text = `${HEADER}\n\nc1,000.txt,q,maybe,\n`;
    expect(messages(parseCsv("claims.csv", text))).toEqual([
      'claims.csv:3:status: expected one of "verified", "misattributed", "partly-true", "not-found", "contradicted"',
    ]);
  });

  it("reports an unknown column at that column", () => {
    const text = "id,file,quote,status,stauts\nc1,f,q,verified,x\n";
    expect(messages(parseCsv("claims.csv", text))).toEqual(['claims.csv:2:stauts: unknown field "stauts"']);
  });

  it("reports a missing required field at the row", () => {
    expect(messages(parseCsv("claims.csv", "id,file,status\nc1,f,verified\n"))).toEqual(["claims.csv:2: missing required field"]);
  });

  it("reports a duplicate column in the header", () => {
    expect(messages(parseCsv("claims.csv", "id,file,quote,quote,status\nc1,f,q,r,verified\n"))).toEqual([
      'claims.csv:1:quote: duplicate column "quote"',
    ]);
  });

  it("rejects a file whose name names no record kind", () => {
    expect(parseCsv("bcg.csv", "a,b\n1,2\n").issues.map((i) => i.severity)).toEqual(["error"]);
  });
});

describe("csvRecordKind(file)", () => {
  it("csvRecordKind takes the kind from the end of the file name", () => {
    expect(["studies.csv", "data/pain-arms.csv", "x_results.csv", "a.rob2.csv", "robins-i.csv", "claims.CSV", "bcg.csv"].map(csvRecordKind)).toEqual([
      "studies",
      "arms",
      "results",
      "rob2",
      "robinsI",
      "claims",
      undefined,
    ]);
  });
});
