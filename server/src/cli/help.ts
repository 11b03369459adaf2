// The help texts, built from the command list so that they cannot drift from it.
import type { Command, OptionSpec } from './command.js';

const HELP_OPTION: OptionSpec = { type: 'boolean', short: 'h', description: 'show this help' };

function table(rows: [string, string][]): string {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`).join('\n');
}

function optionLabel(name: string, spec: OptionSpec): string {
  const long = spec.type === 'string' ? `--${name} <${spec.valueName ?? name}>` : `--${name}`;
  return spec.short ? `-${spec.short}, ${long}` : long;
}

export function usageLine(command: Command): string {
  const options = Object.keys(command.options ?? {}).length > 0 ? ' [options]' : '';
  return `usage: docket ${[command.name, ...(command.args ?? [])].join(' ')}${options}`;
}

export function commandHelp(command: Command): string {
  const options = { ...command.options, help: HELP_OPTION };
  return [
    usageLine(command),
    '',
    command.summary,
    ...(command.description ? ['', command.description] : []),
    '',
    'Options:',
    table(
      Object.entries(options).map(([name, spec]) => [optionLabel(name, spec), spec.description]),
    ),
  ].join('\n');
}

export function overview(commands: readonly Command[], defaultCommand: string): string {
  return [
    'usage: docket <command> [options]',
    '',
    'Docket, a self-hostable AI assistant. The settings come from the environment (see README.md).',
    '',
    'Commands:',
    table(commands.map((c) => [c.name, c.summary])),
    '',
    'Options:',
    table([
      ['-h, --help', "show this help; `docket <command> --help` shows a command's own"],
      ['--version', 'print the version'],
    ]),
    '',
    `Without a command, docket runs ${defaultCommand}.`,
  ].join('\n');
}

/** `docket users --help`: the commands of one group. */
export function groupHelp(group: string, commands: readonly Command[]): string {
  return [
    `usage: docket ${group} <command> [options]`,
    '',
    'Commands:',
    table(commands.map((c) => [c.name, c.summary])),
    '',
    `\`docket ${group} <command> --help\` shows a command's options.`,
  ].join('\n');
}
