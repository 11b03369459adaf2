// Every `docket` command, in the order `docket --help` lists them. A new command group is a
// file beside this one exporting its commands, and one entry here.
import { backupCommands } from './backup.js';
import type { Command } from './command.js';
import { documentCommands } from './documents.js';
import { doctorCommand } from './doctor.js';
import { roleCommands } from './roles.js';
import { tokenCommands } from './tokens.js';
import { userCommands } from './users.js';

export const COMMANDS: readonly Command[] = [
  ...roleCommands,
  ...backupCommands,
  ...documentCommands,
  ...userCommands,
  ...tokenCommands,
  doctorCommand,
];

/** What `docket` alone runs. */
export const DEFAULT_COMMAND = 'start';
