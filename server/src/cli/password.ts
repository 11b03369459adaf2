// Where a command gets a new password: a hidden prompt on a terminal, the first line of
// standard input for scripts (--password-stdin), or a flag. Never only argv, which other
// users of the machine can read in the process list.
import { createInterface } from 'node:readline';
import { CommandError, UsageError, type OptionSpec } from './command.js';

export const PASSWORD_OPTIONS: Record<string, OptionSpec> = {
  'password-stdin': {
    type: 'boolean',
    description: 'read the password from the first line of standard input (scripts)',
  },
  password: {
    type: 'string',
    description:
      'the password (visible in the process list: prefer the prompt or --password-stdin)',
  },
};

async function firstLineOfStdin(): Promise<string> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  throw new CommandError('--password-stdin: standard input was empty');
}

/** Reads a line from the terminal without echoing it. */
async function promptHidden(question: string): Promise<string> {
  const { stdin, stderr } = process;
  // Echo off before the question shows: an answer typed at once is not echoed either.
  stdin.setRawMode(true);
  stderr.write(question);
  stdin.setEncoding('utf8');
  stdin.resume();
  try {
    return await new Promise<string>((resolve, reject) => {
      let answer = '';
      const onData = (chunk: string) => {
        for (const char of chunk) {
          if (char === '\r' || char === '\n' || char === '\u0004') {
            stdin.off('data', onData);
            return resolve(answer);
          }
          if (char === '\u0003') {
            stdin.off('data', onData);
            return reject(new CommandError('cancelled'));
          }
          answer = char === '\u007f' || char === '\b' ? answer.slice(0, -1) : answer + char;
        }
      };
      stdin.on('data', onData);
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
    stderr.write('\n');
  }
}

export async function readPassword(options: Record<string, unknown>): Promise<string> {
  const fromFlag = options.password;
  if (typeof fromFlag === 'string' && options['password-stdin'])
    throw new UsageError('give --password or --password-stdin, not both');
  if (typeof fromFlag === 'string') return fromFlag;
  if (options['password-stdin']) return firstLineOfStdin();
  if (!process.stdin.isTTY)
    throw new UsageError(
      'no password: run it on a terminal to be asked, or pipe it with --password-stdin',
    );
  const password = await promptHidden('New password: ');
  if ((await promptHidden('Once more: ')) !== password)
    throw new CommandError('the two passwords differ');
  return password;
}
