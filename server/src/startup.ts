// Every module's start-up hook (lib/startup.ts), in the order they run. Roles call these two
// functions and know nothing of what the modules prepare or check.
import type {
  AfterMigrationsContext,
  PeriodicContext,
  StartupContext,
  StartupHook,
} from './lib/startup.js';
import { documentsStartup } from './modules/documents/startup.js';

const allStartupHooks: readonly StartupHook[] = [documentsStartup];

/** After the migrations, in the roles that apply them. */
export async function runAfterMigrations(context: AfterMigrationsContext) {
  for (const hook of allStartupHooks) await hook.afterMigrations?.(context);
}

/** Before serving or taking jobs; the first refusal ends the start with its message. */
export async function runStartupChecks(context: StartupContext) {
  for (const hook of allStartupHooks) await hook.check?.(context);
}

/** In the processes that take jobs: every module's periodic work; the function stops it all. */
export function startPeriodicWork(context: PeriodicContext): () => void {
  const stops = allStartupHooks.map((hook) => hook.whileTakingJobs?.(context));
  return () => stops.forEach((stop) => stop?.());
}
