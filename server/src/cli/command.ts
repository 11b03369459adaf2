// What a `docket` command is: a name (one or two words), its help, its options, and a `run`.
// Each command group lives in its own file and is listed once in commands.ts.
import type { Config } from '../config.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** One line for the help; a string option's value is shown as <valueName>. */
  description: string;
  valueName?: string;
}

/**
 * What a command needs from the environment before it runs:
 * - `config`: the whole configuration (the embedded secret is made on first use);
 * - `servers`: the same, and DATABASE_URL and REDIS_URL (roles that run as several processes);
 * - `files`: parsed without side effects, no secret (the health check only reads files);
 * - `nothing`: the command reads the configuration itself, if at all (doctor).
 */
export type ConfigNeed = 'config' | 'servers' | 'files' | 'nothing';

export interface CommandInput<Need extends ConfigNeed = ConfigNeed> {
  config: Need extends 'nothing' ? undefined : Config;
  /** Positional arguments, in the order of `args`. */
  args: string[];
  options: Record<string, string | boolean | undefined>;
}

export interface Command<Need extends ConfigNeed = ConfigNeed> {
  /** As typed: `migrate`, `users create`. */
  name: string;
  /** One line, for `docket --help`. */
  summary: string;
  /** More lines for `docket <name> --help`, if the summary is not enough. */
  description?: string;
  /** Positional arguments as shown in the usage line: `<file>`; `[file]` is optional. */
  args?: string[];
  options?: Record<string, OptionSpec>;
  needs: Need;
  /** Resolves with the exit code (0 when nothing is returned), or keeps the process serving. */
  run(input: CommandInput<Need>): Promise<number | void>;
}

/** Keeps each command's `needs` and `run` typed together. */
export const defineCommand = <Need extends ConfigNeed>(command: Command<Need>): Command<Need> =>
  command;

/** A usage mistake: printed with the usage, exit 2. */
export class UsageError extends Error {}

/** A request that cannot be done (no such account...): printed as one line, exit 1. */
export class CommandError extends Error {}
