/** `--emit-r`, one definition for every command that has it. */
import type { Command } from "commander";

export interface EmitROption {
  readonly emitR?: boolean;
}

export const emitROption = (command: Command): Command =>
  command.option("--emit-r", "print an R script (data inline, metafor + jsonlite) that runs this analysis and prints the same JSON fields, instead of running it");
