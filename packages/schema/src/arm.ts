import { z } from "zod";
import { Id, Text } from "./cells.js";
import { Dose, Duration } from "./dose.js";
import { MaybeCount, Provenance } from "./provenance.js";

export const ARM_TYPES = ["experimental", "placebo", "active", "usual-care", "no-treatment"] as const;
export type ArmType = (typeof ARM_TYPES)[number];

export const Arm = z
  .strictObject({
    study: Id.describe("Id of the study this arm belongs to."),
    id: Id.describe("Arm id, unique within the study (e.g. vaccine, placebo)."),
    type: z.enum(ARM_TYPES).describe("experimental (the intervention under review) or the kind of comparator."),
    intervention: Text.describe("What was given, as the study names it (e.g. the drug, placebo, usual care)."),
    dose: Dose.optional(),
    doseMissing: Text.describe("Why no dose is given.").optional(),
    duration: Duration.optional(),
    randomised: MaybeCount().describe("Randomised to this arm (parallel designs).").optional(),
    completed: MaybeCount().optional(),
    analysed: MaybeCount().optional(),
    provenance: Provenance.describe("Default provenance for the numbers of this record.").optional(),
    notes: Text.optional(),
  })
  .describe("An arm of a study; in a crossover, a condition every participant received.");
export type Arm = z.output<typeof Arm>;
