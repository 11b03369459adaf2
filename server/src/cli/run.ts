// `docket <command> [options]`: finds the command, parses its options strictly (node:util
// parseArgs), loads the configuration it needs and runs it. Usage mistakes exit 2 with the
// usage on stderr; configuration errors exit 1.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, loadConfig, parseConfig, type Config } from '../config.js';
import { VERSION } from '../lib/version.js';
import {
  CommandError,
  UsageError,
  type Command,
  type CommandInput,
  type ConfigNeed,
} from './command.js';
import { COMMANDS, DEFAULT_COMMAND } from './commands.js';
import { commandHelp, groupHelp, overview, usageLine } from './help.js';

export const EXIT_USAGE = 2;
const HELP_FLAGS = new Set(['-h', '--help']);

function configFor(need: ConfigNeed, name: string): Config | undefined {
  if (need === 'nothing') return undefined;
  // The health check only reads files and must not create the embedded secret.
  if (need === 'files') return { ...parseConfig(process.env), authSecret: '' };
  const config = loadConfig();
  if (need === 'config') return config;
  // Several api and worker processes share one database and one queue: never embedded ones.
  const problems: string[] = [];
  if (!config.redisUrl)
    problems.push(`REDIS_URL: required by the ${name} role (without Redis, run the all role)`);
  if (!config.databaseUrl)
    problems.push(
      `DATABASE_URL: required by the ${name} role (the embedded database is for the all role)`,
    );
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** The command named by the first one or two words, and the words after it. */
function findCommand(argv: string[]): { command: Command; rest: string[] } | undefined {
  for (const words of [2, 1]) {
    const name = argv.slice(0, words).join(' ');
    const command = COMMANDS.find((c) => c.name === name);
    if (command && argv.length >= words) return { command, rest: argv.slice(words) };
  }
  return undefined;
}

function parseOptions(command: Command, rest: string[]) {
  const options: NonNullable<ParseArgsConfig['options']> = {
    help: { type: 'boolean', short: 'h' },
  };
  for (const [name, spec] of Object.entries(command.options ?? {}))
    options[name] = spec.short ? { type: spec.type, short: spec.short } : { type: spec.type };
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const declared = command.args ?? [];
  const required = declared.filter((a) => !a.startsWith('[')).length;
  const help = parsed.values.help === true;
  if (!help && parsed.positionals.length < required)
    throw new UsageError(`missing ${declared.slice(parsed.positionals.length).join(' ')}`);
  if (parsed.positionals.length > declared.length)
    throw new UsageError(`unexpected argument "${parsed.positionals[declared.length]}"`);
  // No option is declared `multiple`, so no value is an array.
  return { help, args: parsed.positionals, options: parsed.values as CommandInput['options'] };
}

function usageMistake(message: string, usage: string): number {
  console.error(`docket: ${message}\n${usage}`);
  return EXIT_USAGE;
}

/** No command by that name: a group's list of commands, or the overview. */
function notACommand(first: string, second: string | undefined): number {
  const group = COMMANDS.filter((c) => c.name.startsWith(`${first} `));
  if (group.length === 0)
    return usageMistake(`unknown command "${first}"`, overview(COMMANDS, DEFAULT_COMMAND));
  if (second !== undefined && HELP_FLAGS.has(second)) {
    console.log(groupHelp(first, group));
    return 0;
  }
  const what = second === undefined ? 'a command' : `a command, not "${second}"`;
  return usageMistake(`${first} needs ${what}`, groupHelp(first, group));
}

/** Loads the configuration the command needs and runs it; refusals are one line, exit 1. */
async function runCommand(
  command: Command,
  input: Omit<CommandInput, 'config'>,
): Promise<number | undefined> {
  let config: Config | undefined;
  try {
    config = configFor(command.needs, command.name);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`docket: cannot start, ${error.message}`);
    return 1;
  }
  try {
    return (await command.run({ ...input, config })) ?? undefined;
  } catch (error) {
    if (error instanceof UsageError)
      return usageMistake(`${command.name}: ${error.message}`, usageLine(command));
    if (!(error instanceof CommandError)) throw error;
    console.error(`docket ${command.name}: ${error.message}`);
    return 1;
  }
}

/** Runs the command line; resolves with the exit code, or undefined to leave it to the command. */
export async function runCli(argv: string[]): Promise<number | undefined> {
  const [first, second] = argv;
  if (first !== undefined && HELP_FLAGS.has(first)) {
    console.log(overview(COMMANDS, DEFAULT_COMMAND));
    return 0;
  }
  if (first === '--version') {
    console.log(VERSION);
    return 0;
  }
  const found = findCommand(argv.length === 0 ? [DEFAULT_COMMAND] : argv);
  if (!found) return notACommand(first!, second);
  const { command, rest } = found;
  let parsed;
  try {
    parsed = parseOptions(command, rest);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return usageMistake(
      `${command.name}: ${error.message}`,
      `${usageLine(command)}\n(docket ${command.name} --help for more)`,
    );
  }
  if (!parsed.help) return runCommand(command, { args: parsed.args, options: parsed.options });
  console.log(commandHelp(command));
  return 0;
}
