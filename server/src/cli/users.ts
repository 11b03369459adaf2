// `docket users …`: account administration without SQL, through the users and auth modules
// (the same service as the Users API: the last administrator stays one here too).
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import type { Auth } from '../modules/auth/service.js';
import { CommandError, defineCommand, UsageError } from './command.js';
import { withDatabase } from './database.js';
import { JSON_OPTION, printRows } from './output.js';
import { PASSWORD_OPTIONS, readPassword } from './password.js';

/** Opens the database and an auth that may create accounts even when sign-up is closed. */
async function withAccounts<T>(config: Config, work: (db: Db, auth: Auth) => Promise<T>) {
  const [{ createAuth }, { AccountError }] = await Promise.all([
    import('../modules/auth/better-auth.js'),
    import('../modules/users/service.js'),
  ]);
  return withDatabase(config, async ({ db }) => {
    try {
      return await work(db, createAuth(db, config, { anyoneMaySignUp: true }));
    } catch (error) {
      if (error instanceof AccountError) throw new CommandError(error.message);
      throw error;
    }
  });
}

const users = () => import('../modules/users/service.js');

export const userCommands = [
  defineCommand({
    name: 'users list',
    summary: 'lists the accounts: email, name, role, disabled',
    options: JSON_OPTION,
    needs: 'config',
    run: ({ config, options }) =>
      withAccounts(config, async (db) => {
        const rows = (await (await users()).listUsers(db)).map(({ id: _id, ...user }) => user);
        printRows(rows, options.json, 'no accounts yet');
      }),
  }),
  defineCommand({
    name: 'users create',
    summary: 'creates an account (also when sign-up is closed); --admin to administer',
    description:
      'The password is asked on a terminal; scripts pipe it: printf %s "$PASSWORD" | docket users create ... --password-stdin',
    args: ['<email>'],
    options: {
      name: { type: 'string', description: 'the name shown in the app (default: before the @)' },
      admin: { type: 'boolean', description: 'make the account an administrator' },
      ...PASSWORD_OPTIONS,
    },
    needs: 'config',
    async run({ config, args: [email], options }) {
      const password = await readPassword(options);
      const name = typeof options.name === 'string' ? options.name : email!.split('@')[0]!;
      return withAccounts(config, async (db, auth) => {
        const role = options.admin ? 'admin' : 'user';
        const user = await (
          await users()
        ).createUser(auth, db, { email: email!, name, password, role });
        console.log(`created ${user.email} (${user.role})`);
      });
    },
  }),
  defineCommand({
    name: 'users reset-password',
    summary: "sets an account's password and signs it out everywhere",
    args: ['<email>'],
    options: PASSWORD_OPTIONS,
    needs: 'config',
    async run({ config, args: [email], options }) {
      const password = await readPassword(options);
      return withAccounts(config, async (db, auth) => {
        await (await users()).resetPassword(auth, db, email!, password);
        console.log(`new password set for ${email}; its sessions ended`);
      });
    },
  }),
  defineCommand({
    name: 'users disable',
    summary: 'stops an account: no sign-in, its sessions end, its API tokens stop working',
    args: ['<email>'],
    needs: 'config',
    run: ({ config, args: [email] }) =>
      withAccounts(config, async (db, auth) => {
        await change(auth, db, email!, { disabled: true });
        console.log(`disabled ${email}`);
      }),
  }),
  defineCommand({
    name: 'users enable',
    summary: 'lets a disabled account sign in again; its API tokens work again',
    args: ['<email>'],
    needs: 'config',
    run: ({ config, args: [email] }) =>
      withAccounts(config, async (db, auth) => {
        await change(auth, db, email!, { disabled: false });
        console.log(`enabled ${email}`);
      }),
  }),
  defineCommand({
    name: 'users role',
    summary: 'makes an account an administrator (admin) or not (user)',
    args: ['<email>', '<admin|user>'],
    needs: 'config',
    async run({ config, args: [email, role] }) {
      if (role !== 'admin' && role !== 'user') throw new UsageError('the role is admin or user');
      return withAccounts(config, async (db, auth) => {
        await change(auth, db, email!, { role });
        console.log(`${email} is now ${role === 'admin' ? 'an administrator' : 'a user'}`);
      });
    },
  }),
  defineCommand({
    name: 'users delete',
    summary: 'deletes an account; its documents, tasks and conversations go with it or to another',
    description:
      'Choose what happens to its data: --delete-data, or --transfer-to <email> (everything it owns goes to that account).',
    args: ['<email>'],
    options: {
      'transfer-to': {
        type: 'string',
        valueName: 'email',
        description: 'the account that receives its documents, tasks and conversations',
      },
      'delete-data': { type: 'boolean', description: 'delete its data with it' },
    },
    needs: 'config',
    async run({ config, args: [email], options }) {
      const transferTo = options['transfer-to'];
      if ((typeof transferTo === 'string') === (options['delete-data'] === true))
        throw new UsageError('give either --transfer-to <email> or --delete-data');
      return withAccounts(config, async (db) => {
        const service = await users();
        const user = await service.userByEmail(db, email!);
        const to =
          typeof transferTo === 'string' ? await service.userByEmail(db, transferTo) : undefined;
        const { transferred } = await service.removeUser(db, user.id, { transferTo: to?.id });
        const moved = Object.entries(transferred).map(([kind, n]) => `${kind} ${n}`);
        console.log(
          to
            ? `deleted ${email}; given to ${to.email}: ${moved.join(', ')}`
            : `deleted ${email} and its data`,
        );
      });
    },
  }),
];

/** Changes the account with that email, as the Users API does. */
async function change(
  auth: Auth,
  db: Db,
  email: string,
  changes: { role?: 'admin' | 'user'; disabled?: boolean },
) {
  const service = await users();
  await service.changeUser(auth, db, (await service.userByEmail(db, email)).id, changes);
}
