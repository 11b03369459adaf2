// `docket doctor`: runs every check and prints each with ok or the problem and its fix;
// exits 1 if any check found a problem.
import { defineCommand } from './command.js';
import type { DoctorState } from './doctor-checks.js';

export const doctorCommand = defineCommand({
  name: 'doctor',
  summary: 'checks configuration, database, schema, Redis, disk and model endpoints',
  description:
    'Prints each check with ok, or the problem and how to fix it, and exits 1 if there is any.\n' +
    'Changes nothing; run it with the same environment as the server.',
  // The configuration is its first check, so it reads it itself.
  needs: 'nothing',
  async run() {
    const { CHECKS } = await import('./doctor-checks.js');
    const state: DoctorState = {};
    let problems = 0;
    const width = Math.max(...CHECKS.map((c) => c.name.length));
    try {
      for (const check of CHECKS) {
        const result = await check.run(state);
        console.log(`${result.status.padEnd(8)} ${check.name.padEnd(width)}  ${result.detail}`);
        if (result.status === 'problem') {
          problems += 1;
          console.log(`${' '.repeat(9 + width)}  fix: ${result.fix}`);
        }
      }
    } finally {
      await state.database?.close();
    }
    console.log(problems === 0 ? '\nno problems found' : `\n${problems} problem(s) found`);
    return problems === 0 ? 0 : 1;
  },
});
