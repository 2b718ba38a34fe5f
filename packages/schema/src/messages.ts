/**
 * Every user-facing message of @metakit/schema, in one module, so that wording stays
 * consistent and tests can assert the exact text. Messages are short and lower case;
 * each names the field or record concerned and, where it helps, what to write instead.
 */
export const messages = {
  decimalComma: (text: string) =>
    `comma in the number "${text}": metakit reads neither decimal commas nor thousands separators; write it with a point and no separators`,
  notANumber: (text: string) => `expected a number, got "${text}"`,
  notFinite: () => "expected a finite number",
  notABoolean: (text: string) => `expected true or false, got "${text}"`,
  valueAndMissing: () => 'give either "value" or "missing" (the reason it is missing), not both',
  neitherValueNorMissing: () => 'give "value" or "missing" (the reason it is missing)',
  missingStatusOnValue: (status: string) => `status "${status}" is for a missing number: give "missing" (the reason) instead of "value", or a status verified, unverified or computed`,
  valueStatusOnMissing: (status: string) => `a missing number takes status not-reported or not-retrieved, not "${status}"`,
  notRetrievedWithoutLocation: () => 'a "not-retrieved" number needs "source" and "location": where the unread number is (e.g. the registry results table)',
  expectedType: (expected: string, received: string) => `expected ${expected}, got ${received}`,
  unknownField: (key: string) => `unknown field "${key}"`,
  notOneOf: (values: readonly unknown[]) => `expected one of ${values.map((v) => JSON.stringify(v)).join(", ")}`,
  unknownForm: (options: readonly unknown[]) =>
    `unknown form; expected one of ${options.map((v) => JSON.stringify(v)).join(", ")}`,
  tooSmall: (minimum: unknown, inclusive: boolean) => `must be ${inclusive ? "at least" : "greater than"} ${String(minimum)}`,
  tooBig: (maximum: unknown, inclusive: boolean) => `must be ${inclusive ? "at most" : "less than"} ${String(maximum)}`,
  emptyText: () => "must not be empty",
  controlCharacter: (code: number) =>
    `has the control character U+${code.toString(16).toUpperCase().padStart(4, "0")}: text may hold tabs and line breaks, not terminal escapes, NUL or direction overrides`,
  notInteger: () => "expected a whole number",
  notPositive: () => "expected a number greater than 0",
  badFormat: (what: string) => `invalid format: ${what}`,
  rangeNeedsClassBy: () => 'a dose range (min/max) needs "classBy": min or max, the end it is classed by',
  doseNeedsAmount: () => 'a dose needs "value", or "min" and/or "max"',
  ciOrder: () => "ci lower bound is above its upper bound",

  csvParse: (detail: string) => `unreadable CSV: ${detail}`,
  csvTooManyFields: (found: number, expected: number) =>
    `row has ${found} fields but the header has ${expected}: a decimal comma splits a number in a comma-delimited file; write numbers with a point`,
  csvTooFewFields: (found: number, expected: number) => `row has ${found} fields but the header has ${expected}`,
  csvDuplicateColumn: (name: string) => `duplicate column "${name}"`,
  csvEmptyHeader: (index: number) => `column ${index} has no name`,
  csvUnknownKind: (file: string) =>
    `cannot tell the record kind of "${file}": a CSV file name must end in studies, arms, results, assumptions, rob2, robins-i or claims (e.g. trials-arms.csv)`,
  csvColumnConflict: (column: string) => `column "${column}" conflicts with another column naming the same field`,
  yamlParse: (detail: string) => `unreadable YAML: ${detail}`,
  reservedKey: (key: string) => `"${key}" names no field (it is a name every JavaScript object has); rename or remove the key`,
  csvReservedColumn: (segment: string) => `"${segment}" names no field (it is a name every JavaScript object has); rename or remove the column`,
  yamlAliasBomb: () => "unreadable YAML: its aliases expand too far (more than 100 uses of an anchor); write the values out",
  yamlNumberNotDecimal: (source: string) => `"${source}" is not a decimal number (no hex, octal, .inf or .nan); write it as digits with a point, or quote it if it is text`,
  jsonParse: (detail: string) => `unreadable JSON: ${detail}`,
  notAnObject: () => "expected a mapping of record lists (studies, arms, results, ...) or an analysis spec (kind: analysis)",
  unknownExtension: (file: string) => `unknown file type "${file}": expected .csv, .yaml, .yml or .json`,

  duplicateId: (kind: string, id: string, first: string) => `duplicate ${kind} id "${id}" (first defined at ${first})`,
  unknownStudy: (id: string) => `unknown study "${id}"`,
  unknownArm: (study: string, arm: string) => `unknown arm "${arm}" of study "${study}"`,
  unknownResult: (id: string) => `unknown result "${id}"`,
  unknownAssumption: (id: string) => `unknown assumption "${id}"`,
  crossoverAssumptionWithoutCorrelation: (id: string) =>
    `assumption "${id}" states no within-person correlation: a crossover assumption needs kind within-person-correlation and one setting {field: correlation, value: a number from -1 to 1}`,
  unknownOutcome: (id: string) => `unknown outcome "${id}" (not in question.outcomes)`,
  unknownSynthesis: (id: string) => `unknown synthesis "${id}"`,
  analysedAboveRandomised: (analysed: number, randomised: number) =>
    `analysed (${analysed}) is greater than randomised (${randomised})`,
  eventsAboveTotal: (events: number, total: number) => `events (${events}) is greater than total (${total})`,
  negative: (field: string, value: number) => `${field} is negative (${value})`,
  implausibleDose: (mg: number, limit: number | undefined) =>
    limit === undefined ? `implausible daily dose ${mg} mg: not above 0 mg/day` : `implausible daily dose ${mg} mg: outside (0, ${limit}] mg/day (the specs' doseClasses.implausibleAbove)`,
  numberWithoutProvenance: (missing: readonly string[]) =>
    `number without provenance: no ${missing.join(", ")} (give them on the number or in the record's "provenance")`,
  computedWithoutFormula: () => 'a computed number needs "formula", the calculation that produced it',
  narrativeWithoutReason: () => 'narrative-only result without "reason": say why no number can be used',
  selectsNothing: (id: string) => `synthesis "${id}" selects no results`,
  notPooledWithoutReason: (id: string) => `synthesis "${id}" has pool: false: give notPooledReason (why the results are described and not pooled)`,
  reasonWithoutNotPooled: (id: string) => `synthesis "${id}" gives notPooledReason but pools its results: remove it, or set pool: false`,
  multilevelMethod: (method: string) => `a multilevel model is fitted by REML or ML (metafor's rma.mv), not ${method}`,
  glmmMeasure: (id: string, measure: string, evidence: string) =>
    `synthesis "${id}": a GLMM is fitted for ${evidence === "single-arm" ? "single-arm proportions with measure PLO" : "odds ratios from 2x2 tables (measure OR)"}, not ${measure}`,
  glmmModelForProportions: (id: string) => `synthesis "${id}": glmmModel (UM.FS, UM.RS) is for odds ratios; single-arm proportions have one random-intercept model`,
  modelWhenNotPooled: (id: string) => `synthesis "${id}" is not pooled (pool: false): a Bayesian model or GLMM pools the results; remove it, or pool them`,
  poolingRequestWhenNotPooled: (id: string, what: string) => `synthesis "${id}" is not pooled (pool: false): ${what} need a pooled model; remove them`,
  singleArmInComparative: (result: string, synthesis: string) =>
    `result "${result}" is a single-arm proportion and cannot enter the comparative synthesis "${synthesis}"`,
  comparativeInSingleArm: (result: string, synthesis: string) =>
    `result "${result}" is not a single-arm proportion and cannot enter the single-arm synthesis "${synthesis}"`,
  measureForEvidence: (measure: string, evidence: string) =>
    `measure ${measure} does not fit ${evidence} evidence`,
  studyNeitherIncludedNorExcluded: (id: string) =>
    `study "${id}" of this indication is neither included nor excluded with a reason`,
  dichotomousWithoutComparatorRisk: (outcome: string) =>
    `dichotomous outcome "${outcome}" has no assumed comparator risk and no reason why not`,
  armOfOtherStudy: (arm: string, study: string) => `arm "${arm}" belongs to another study than "${study}"`,
  unresolvedConflict: (record: string, path: string, a: string, b: string) =>
    `unresolved reconciliation conflict on ${record}, field ${path}: A ${a}, B ${b}`,
  unknownIndication: (indication: string, known: readonly string[]) =>
    `indication "${indication}" is named by no analysis spec (they name ${known.join(", ")}); check the spelling`,
  doseClassesNotDeclared: () => `subgroup "doseClass" needs the spec's "doseClasses" (the classes and their thresholds)`,
  unknownVariable: (name: string, synthesis: string) =>
    `"${name}" is neither doseClass, comparator, design, population (dailyDose for a meta-regression) nor a characteristic of a study in synthesis "${synthesis}"`,
  doseClassDuplicate: (id: string) => `dose class "${id}" is declared twice`,
  doseClassLastBounded: (id: string) => `dose class "${id}" is the last class: give it no bound, so that it holds every dose above the previous bound`,
  implausibleBelowBound: (limit: number, bound: number) =>
    `implausibleAbove (${limit} mg) must be above every class bound (${bound} mg): a dose in a class cannot be implausible`,
  doseClassTwoBounds: (id: string) => `dose class "${id}" has both "below" and "upTo": give one`,
  doseClassWithoutBound: (id: string) => `dose class "${id}" has no bound: only the last class may have none`,
  doseClassBoundsOrder: (id: string, bound: number, previous: number) =>
    `dose class "${id}" ends at ${bound} mg, not above the previous bound ${previous} mg: list classes lowest first`,
  doseClassUnknown: (arm: string, study: string) => `dose of arm "${arm}" of study "${study}" cannot be classed: no daily amount in mg`,
  doseWithoutReason: (arm: string) => `experimental arm "${arm}" has no dose and no "doseMissing" reason`,
  crossoverAsParallel: (study: string, form: string) =>
    `study "${study}" is a within-person (crossover) design: enter its comparison as a paired result, not as a ${form} result of parallel groups`,
  measureForForm: (measure: string, result: string, form: string) =>
    `measure ${measure} cannot be computed from result "${result}" (form ${form})`,
  gradeMissingOutcome: (outcome: string) => `outcome "${outcome}" has no GRADE inputs (grade: threshold)`,
  unknownSpec: (id: string, known: readonly string[]) =>
    `unknown analysis spec "${id}"${known.length === 0 ? "" : `; the specs read are ${known.join(", ")}`}`,
  claimFileWithoutSource: (file: string) =>
    `claims name the file "${file}", which no secondary source record (secondarySources) describes: the report can show only its file name; add its title, site, date and URL`,
  duplicateSourceFile: (file: string, first: string) => `secondary source file "${file}" is already described by "${first}"`,
  screenedExceedsRemaining: (screened: number, identified: number, duplicates: number) =>
    `records screened (${screened}) exceed the records identified (${identified}) less duplicates removed (${duplicates})`,
  notExcludedBySpecs: (study: string) => `study "${study}" is grouped under a reason for exclusion, but no spec of this screening record excludes it`,
  excludedTwice: (study: string, first: string) => `study "${study}" is already grouped under the reason "${first}"`,
  screeningExcludedExceeds: (field: string, value: number, of: string, total: number) => `${field} (${value}) exceeds ${of} (${total})`,
} as const;
