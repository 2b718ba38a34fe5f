#!/usr/bin/env node
/** Entry point of the `metakit` command: runs the program on the process's arguments. */
import { processIo } from "./io.js";
import { run } from "./program.js";

process.exitCode = await run(process.argv.slice(2), processIo);
