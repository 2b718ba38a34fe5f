#!/usr/bin/env node
/** Entry point of the `metakit` command: runs the program on the process's arguments. */
import { run } from "./program.js";

const io = {
  stdout: (text: string) => void process.stdout.write(text),
  stderr: (text: string) => void process.stderr.write(text),
};

process.exitCode = await run(process.argv.slice(2), io);
