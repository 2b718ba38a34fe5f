/**
 * Every user-facing message of the report package, in one place: short, lower case,
 * naming the field and the value so a person knows what to fix.
 */
const show = (value: unknown): string => (typeof value === "number" ? String(value) : JSON.stringify(value));

export const messages = {
  notFinite: (field: string, value: unknown) => `${field} is not a finite number (${show(value)})`,
  negative: (field: string, value: unknown) => `${field} must be >= 0, got ${show(value)}`,
  pValue: (value: unknown) => `pval must be between 0 and 1, got ${show(value)}`,
  percent: (field: string, value: unknown) => `${field} must be a percentage between 0 and 100, got ${show(value)}`,
  df: (value: unknown) => `df must be a whole number >= 0, got ${show(value)}`,
  fontUnusable: (path: string) => `text measure: the font file ${path} could not be loaded (is it a TrueType or OpenType font?)`,
  tableRowLength: (index: number, got: number, want: number) => `table: row ${index + 1} has ${got} cells, the table has ${want} columns`,
  forest: {
    noRows: () => "forest plot: rows is empty",
    emptyLabel: (index: number) => `forest plot: row ${index + 1} has an empty label`,
    ciOrder: (field: string) => `${field}: ciLower must be <= estimate <= ciUpper`,
    piOrder: (field: string) => `${field}: piLower must be <= ciLower and ciUpper <= piUpper`,
    piPair: (field: string) => `${field}: piLower and piUpper must be given together`,
    shrunkenWithoutRow: (label: string) => `bayesian.shrinkage: no row labelled "${label}" for this shrunken estimate`,
    logScaleNotPositive: (field: string, value: number) =>
      `${field} must be > 0 on a log (ratio) axis, got ${show(value)}; give values on the display scale`,
    noEffect: (label: string) => `forest plot: study ${show(label)} has neither an estimate with its interval nor notEstimable`,
    bothEffectAndNotEstimable: (label: string) => `forest plot: study ${show(label)} has an estimate and notEstimable`,
    unknownGroup: (label: string, group: unknown) => `forest plot: study ${show(label)} names subgroup ${show(group)}, which is not in subgroups`,
    missingGroup: (label: string) => `forest plot: study ${show(label)} has no group, but subgroups are given`,
    robLength: (label: string, got: number, want: number) =>
      `forest plot: study ${show(label)} has ${got} risk-of-bias judgements, robDomains has ${want}`,
    robJudgement: (label: string, value: unknown) => `forest plot: study ${show(label)} has an unknown risk-of-bias judgement ${show(value)}`,
    eventsOverTotal: (label: string, field: string, events: number, total: number) =>
      `forest plot: study ${show(label)} has ${field} events (${events}) greater than its total (${total})`,
    comparatorForSingleArm: (label: string) => `forest plot: study ${show(label)} has a comparator arm in a single-arm plot`,
    axisLimits: (limits: unknown) => `forest plot: axisLimits must be two increasing finite numbers (positive on a log axis), got ${show(limits)}`,
    scale: (value: unknown) => `forest plot: scale must be "log" or "identity", got ${show(value)}`,
    kind: (value: unknown) => `forest plot: kind must be "comparative" or "single-arm proportion", got ${show(value)}`,
  },
  rob: {
    tool: (value: unknown) => `risk-of-bias plot: tool must be "RoB 2" or "ROBINS-I", got ${show(value)}`,
    noAssessments: () => "risk-of-bias plot: assessments is empty",
    emptyLabel: (index: number) => `risk-of-bias plot: assessment ${index + 1} has an empty label`,
    domainCount: (label: string, tool: string, got: number, want: number) =>
      `risk-of-bias plot: study ${show(label)} has ${got} domain judgements, ${tool} has ${want} domains`,
    judgement: (label: string, tool: string, field: string, value: unknown) =>
      `risk-of-bias plot: study ${show(label)} has ${field} judgement ${show(value)}, which is not a ${tool} level`,
    weight: (label: string, value: unknown) => `risk-of-bias plot: study ${show(label)} has weight ${show(value)}; it must be a finite number >= 0`,
    weightsPartial: (label: string) => `risk-of-bias plot: study ${show(label)} has no weight, but others have; give a weight for every study or none`,
    weightsZero: () => "risk-of-bias plot: the weights add up to 0",
  },
  figure: {
    logScale: (measure: string) => `${measure} (log scale)`,
    studies: "Studies",
    filled: "Filled by trim and fill",
    pooledEstimate: "Pooled estimate",
    pseudoRegion: "Pseudo 95% confidence region",
    standardError: "Standard error",
    I2: "I² (%)",
    allStudies: "All studies",
    subsets: (n: number) => `${n} subsets`,
    binnedSubsets: (n: number) => `${n} subsets, binned: darker cells hold more`,
    bubble: "Study (area proportional to its weight)",
    regressionLine: "Meta-regression line",
    confidenceBand: (level: number) => `${level}% CI`,
    omitting: (study: string) => `Omitting ${study}`,
    allStudiesRow: (level: number) => `All studies (${level}% CI)`,
    leaveOneOutHeader: "Analysis",
    refitFailed: "the model could not be fitted without this study",
    baujatX: "Contribution to overall heterogeneity (squared Pearson residual)",
    baujatY: "Influence on the overall result",
    empty: (figure: string, field: string) => `${figure}: ${field} is empty`,
    scale: (figure: string, value: unknown) => `${figure}: scale must be "log" or "identity", got ${show(value)}`,
    lengths: (figure: string, a: string, b: string) => `${figure}: ${a} and ${b} must have the same length`,
  },
  report: {
    notSvg: (label: string) => `report: the figure ${show(label)} is not SVG markup`,
    badId: (field: string, value: string) =>
      `report: ${field} ${show(value)} must be lower-case letters, digits, dots and hyphens (it names a folder and an anchor)`,
    duplicateId: (field: string, value: string) => `report: two ${field}s are ${show(value)}; each must be unique`,
  },
  labels: {
    study: "Study or Subgroup",
    events: "Events",
    total: "Total",
    mean: "Mean",
    sd: "SD",
    weight: "Weight",
    /** Intervals at `level` percent, for a column or a row label: "95% CI". */
    ci: (level: number) => `${level}% CI`,
    totalRow: (level: number) => `Total (${level}% CI)`,
    subtotalRow: (level: number) => `Subtotal (${level}% CI)`,
    totalEvents: "Total events",
    predictionInterval: "Prediction interval",
    shrunken: "shrunken (Bayesian)",
    predictiveInterval: "Predictive interval (Bayesian)",
    notEstimable: "Not estimable",
    footnotes: "Footnotes",
    robLegend: "Risk of bias legend",
    robHeader: "Risk of Bias",
    /** Under a forest plot whose traffic-light columns do not fit at 180 mm with 8 pt text. */
    robElsewhere: "Risk of bias: the judgements are in the risk-of-bias figures of this analysis (the columns do not fit beside the plot at a journal page width).",
    singleArm: "Single-arm proportions: each study's own rate, no comparator group",
    favours: (side: string) => `Favours ${side}`,
  },
} as const;
