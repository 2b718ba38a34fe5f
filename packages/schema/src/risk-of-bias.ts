import { z } from "zod";
import { Id, Text } from "./cells.js";

export const ROB2_JUDGEMENTS = ["low", "some-concerns", "high"] as const;
export const ROBINS_I_JUDGEMENTS = ["low", "moderate", "serious", "critical", "no-information"] as const;

const rob2Domain = z.strictObject({ judgement: z.enum(ROB2_JUDGEMENTS), support: Text.describe("Why.") });
const robinsDomain = z.strictObject({ judgement: z.enum(ROBINS_I_JUDGEMENTS), support: Text.describe("Why.") });

export const RoB2 = z
  .strictObject({
    id: Id,
    study: Id,
    result: Id.describe("The result assessed (RoB 2 is per result)."),
    randomisation: rob2Domain.describe("D1 bias arising from the randomisation process."),
    deviations: rob2Domain.describe("D2 bias due to deviations from intended interventions."),
    missingData: rob2Domain.describe("D3 bias due to missing outcome data."),
    measurement: rob2Domain.describe("D4 bias in measurement of the outcome."),
    selection: rob2Domain.describe("D5 bias in selection of the reported result."),
    overall: rob2Domain,
    assessor: Text.optional(),
  })
  .describe("Cochrane RoB 2 assessment of one result of a randomised trial.");
export type RoB2 = z.output<typeof RoB2>;

export const RobinsI = z
  .strictObject({
    id: Id,
    study: Id,
    result: Id.optional(),
    confounding: robinsDomain,
    selection: robinsDomain.describe("Bias in selection of participants."),
    classification: robinsDomain.describe("Bias in classification of interventions."),
    deviations: robinsDomain,
    missingData: robinsDomain,
    measurement: robinsDomain,
    reportedResult: robinsDomain.describe("Bias in selection of the reported result."),
    overall: robinsDomain,
    assessor: Text.optional(),
  })
  .describe("ROBINS-I assessment of a non-randomised study.");
export type RobinsI = z.output<typeof RobinsI>;
