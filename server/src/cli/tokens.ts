// `docket tokens …`: every account's API tokens, and revoking any of them.
import { AppError } from '../lib/errors.js';
import { CommandError, defineCommand } from './command.js';
import { withDatabase } from './database.js';
import { JSON_OPTION, printRows } from './output.js';

const tokens = () => import('../modules/tokens/service.js');

export const tokenCommands = [
  defineCommand({
    name: 'tokens list',
    summary: "lists every account's API tokens: id, name, owner, scopes, expiry, last use",
    options: JSON_OPTION,
    needs: 'config',
    run: ({ config, options }) =>
      withDatabase(config, async ({ db }) => {
        const rows = (await (await tokens()).listAllTokens(db)).map((token) => ({
          ...token,
          scopes: token.scopes.join(','),
          collectionIds: token.collectionIds?.join(',') ?? null,
        }));
        printRows(rows, options.json, 'no API tokens');
      }),
  }),
  defineCommand({
    name: 'tokens revoke',
    summary: 'revokes an API token by its id (from tokens list), whoever owns it',
    args: ['<id>'],
    needs: 'config',
    run: ({ config, args: [id] }) =>
      withDatabase(config, async ({ db }) => {
        try {
          await (await tokens()).revokeAnyToken(db, id!);
        } catch (error) {
          if (error instanceof AppError) throw new CommandError(`no API token with the id ${id}`);
          throw error;
        }
        console.log(`revoked ${id}`);
      }),
  }),
];
