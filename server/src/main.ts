#!/usr/bin/env node
// Entry point of the `docket` command (`node dist/main.js <command>`); cli/ holds the commands.
import { runCli } from './cli/run.js';

runCli(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (error: unknown) => {
    console.error(JSON.stringify({ level: 'fatal', msg: 'failed to start', err: String(error) }));
    process.exit(1);
  },
);
