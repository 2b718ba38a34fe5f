/**
 * Viechtbauer (2005), J Educ Behav Stat 30:261-293: seven tau2 estimators with I2 and H2
 * on the paper's two examples, as metafor's test_analysis_example_viechtbauer2005.r
 * (published/CASES.md, C07; 4 decimals).
 */
import { describe, it } from "vitest";
import type { Tau2Method } from "../src/index.js";
import { metaAnalysis } from "../src/index.js";
import { expectClose, tol } from "@metakit/fixtures";

const example1 = {
  yi: [-0.581, 0.53, 0.771, 1.031, 0.553, 0.295, 0.078, 0.573, -0.176, -0.232],
  vi: [0.023, 0.052, 0.06, 0.115, 0.095, 0.203, 0.2, 0.211, 0.051, 0.04],
};
const example2 = {
  yi: [0.1, -0.162, -0.09, -0.049, -0.046, -0.01, -0.431, -0.261, 0.134, 0.019, 0.175, 0.056, 0.045, 0.103, 0.121, -0.482, 0.29, 0.342],
  vi: [0.016, 0.015, 0.05, 0.05, 0.032, 0.052, 0.036, 0.024, 0.034, 0.033, 0.031, 0.034, 0.039, 0.167, 0.134, 0.096, 0.016, 0.035],
};
const methods: Tau2Method[] = ["HS", "HE", "DL", "ML", "REML", "EB", "SJ"];

// Viechtbauer 2005, Table 1 (example 1) and Table 2 (example 2), in the order HS HE DL ML REML EB SJ.
const table1 = {
  tau2: [0.2282, 0.1484, 0.2768, 0.1967, 0.2232, 0.192, 0.1992],
  I2: [77.2284, 68.7988, 80.4447, 74.5098, 76.8399, 74.0511, 74.7545],
  H2: [4.3914, 3.205, 5.1137, 3.9231, 4.3178, 3.8537, 3.9611],
  mu: [0.244472, 0.228668, 0.250336, 0.239447, 0.243758, 0.238592, 0.239902],
};
const table2 = {
  tau2: [0.0099, 0, 0.0126, 0.0132, 0.0157, 0.0104, 0.0248],
  I2: [22.9266, 0, 27.5275, 28.4505, 32.0203, 23.7198, 42.6734],
  H2: [1.2975, 1, 1.3798, 1.3976, 1.471, 1.311, 1.7444],
};

describe("metaAnalysis(example 1, {method}) reproduces Viechtbauer (2005), Table 1", () => {
  it.each(methods.map((method, i) => ({ method, i })))("$method", ({ method, i }) => {
    const r = metaAnalysis(example1, { method });
    expectClose(r.tau2, table1.tau2[i]!, tol.printed4, "tau2");
    expectClose(r.I2, table1.I2[i]!, tol.printed4, "I2");
    expectClose(r.H2, table1.H2[i]!, tol.printed4, "H2");
    expectClose(r.estimate, table1.mu[i]!, tol.printed6, "mu (local)");
  });
});

describe("metaAnalysis(example 2, {method}) reproduces Viechtbauer (2005), Table 2", () => {
  it.each(methods.map((method, i) => ({ method, i })))("$method", ({ method, i }) => {
    const r = metaAnalysis(example2, { method });
    expectClose(r.tau2, table2.tau2[i]!, tol.printed4, "tau2");
    expectClose(r.I2, table2.I2[i]!, tol.printed4, "I2");
    expectClose(r.H2, table2.H2[i]!, tol.printed4, "H2");
  });
});
