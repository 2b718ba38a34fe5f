/** Declarations of results-schema.mjs, for the test that imports it. */
export declare const RESULTS_SCHEMA_PATH: string;
export declare function resultsSchema(): Record<string, unknown>;
export declare function formatResultsSchema(schema: Record<string, unknown>): string;
