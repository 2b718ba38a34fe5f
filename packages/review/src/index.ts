/**
 * @metakit/review: what doing a review means, as a library every front end shares. Pure
 * (no files, no process, no console, no clock): the command line, a web app or a program
 * that embeds metakit reads the spec and the extraction files, and this package does the
 * rest in phases whose folders follow the pipeline:
 *
 *   inputs/        the extracted records indexed, each result read into an effect-size input
 *   synthesis/     effect sizes, pooled models and subgroups of each synthesis in the spec
 *   robustness/    leave-one-out, GOSH, small-study effects, meta-regressions
 *   scenarios/     the sensitivity scenarios, each refitting the syntheses it names
 *   grade/         GRADE certainty of each synthesis and the Summary of Findings
 *   report-input/  an analysed review as the plain ReportInput @metakit/report renders
 *
 * `analyzeSpec(spec, extractions)` gives an AnalysisResult (what `results.json` holds; its
 * JSON Schema is `generated/results.schema.json`); `reportInputOf(...)` turns analysed
 * specs into the report's input.
 */
export { analyzeSpec, type AnalyzeOptions } from "./analyze.js";
export { indexData, type DataIndex } from "./inputs/dataset.js";
export { MAX_STUDIES_GOSH, MIN_STUDIES_LEAVE_ONE_OUT, MIN_STUDIES_META_REGRESSION } from "./robustness/robustness.js";
export { reportInputOf, type AnalysedSpec, type ReportMeta, type ReviewRecords } from "./report-input/input.js";
export { eligibilityOf, prismaFlowOf, reportsOf } from "./report-input/prisma.js";
export { keyResultsOf, riskOfBiasSentence, smallStudySentence, studyReference } from "./report-input/key-results.js";
export { secondarySourceText } from "./report-input/secondary-sources.js";
export { methodsOf } from "./report-input/methods.js";
// The parts of the report input, for a front end that shows one analysis at a time.
export { armLabelsOf, favoursOf, forestDataOf, rowLabels, subgroupForestsOf, type ArmLabels } from "./report-input/forest.js";
export { assumptionsOf, scenarioSummaries } from "./report-input/assumed.js";
export { robustnessReportOf } from "./report-input/robustness.js";
export { NO_RISK_OF_BIAS } from "./report-input/risk-of-bias.js";
export { provenanceText, resultAsReported } from "./report-input/reported.js";
export * from "./types.js";
