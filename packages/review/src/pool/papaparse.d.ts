/**
 * The part of papaparse this package calls. @types/papaparse brings in Node's types
 * (streams), which a pure package does not compile against, so its few signatures are
 * declared here instead.
 */
declare module "papaparse" {
  interface ParseError {
    readonly type: string;
    readonly code: string;
    readonly message: string;
    readonly row?: number;
  }
  interface ParseResult<T> {
    readonly data: T[];
    readonly errors: ParseError[];
  }
  interface PapaParse {
    parse<T>(text: string, config: { readonly header?: boolean; readonly skipEmptyLines?: boolean }): ParseResult<T>;
    unparse(data: { readonly fields: string[]; readonly data: string[][] }, config?: { readonly newline?: string }): string;
  }
  const Papa: PapaParse;
  export default Papa;
}
