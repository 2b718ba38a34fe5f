/**
 * Dispatches a tau2 method code to its estimator.
 */
import { MetakitError } from "@metakit/base";
import type { Tau2Method } from "./options.js";
import { tau2DL, tau2GENQ, tau2HE, tau2HS, tau2SJ } from "./tau2-closed-form.js";
import type { Tau2Context, Tau2Estimate } from "./tau2-context.js";
import { tau2DLIT, tau2FisherScoring, tau2PauleMandel } from "./tau2-iterative.js";

/**
 * Estimates tau2 with the given method (EE/FE: 0). Needs k > p.
 * @metafor the tau2 estimation block of rma.uni()
 */
export function estimateTau2(method: Tau2Method, ctx: Tau2Context): Tau2Estimate {
  switch (method) {
    case "EE":
    case "FE":
      return { tau2: 0, truncated: false, iterations: 0 };
    case "DL":
      return tau2DL(ctx);
    case "HE":
      return tau2HE(ctx);
    case "HS":
      return tau2HS(ctx, false);
    case "HSk":
      return tau2HS(ctx, true);
    case "SJ":
      return tau2SJ(ctx);
    case "GENQ":
      if (ctx.weights === undefined) {
        throw new MetakitError("INVALID_INPUT", "metaAnalysis: method GENQ needs weights", {
          field: "weights",
          value: undefined,
        });
      }
      return tau2GENQ(ctx, ctx.weights);
    case "ML":
    case "REML":
    case "EB":
      return tau2FisherScoring(ctx, method);
    case "DLIT":
      return tau2DLIT(ctx);
    case "PM":
      return tau2PauleMandel(ctx, false);
    case "PMM":
      return tau2PauleMandel(ctx, true);
  }
}
