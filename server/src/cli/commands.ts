// Every `docket` command, in the order `docket --help` lists them. A new command group is a
// file beside this one exporting its commands, and one entry here.
import type { Command } from './command.js';
import { roleCommands } from './roles.js';

export const COMMANDS: readonly Command[] = [...roleCommands];

/** What `docket` alone runs. */
export const DEFAULT_COMMAND = 'start';
