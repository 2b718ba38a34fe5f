/** The forest plot's confidence level, read in this one place. */
import { readLevel } from "@metakit/base";
import type { ForestPlotData } from "./types.js";

/**
 * The level of a forest plot's intervals in percent: `level` as metafor reads it (0.95 and
 * 95 both 95), 95 when absent; anything else is INVALID_INPUT naming the forest plot.
 * @example forestLevel({ level: 0.9 }) // 90
 */
export const forestLevel = (data: Pick<ForestPlotData, "level">): number => readLevel(data.level, "forestPlot");
