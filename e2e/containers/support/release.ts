// The release script (deploy/release/release.sh) run as a release runs it: in a copy of the
// work tree with its own git history, so that the version can be bumped and committed (the
// script builds only a clean, committed tree) without touching the repository.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ROOT, run, type RunResult } from './docker.js';

export class ReleaseCheckout {
  private constructor(readonly dir: string) {}

  /** Every file git tracks or would track (ignored ones, node_modules included, stay out). */
  static async copy(): Promise<ReleaseCheckout> {
    const dir = mkdtempSync(join(tmpdir(), 'docket-release-'));
    const { stdout } = await run('git', [
      'ls-files',
      '-z',
      '--cached',
      '--others',
      '--exclude-standard',
    ]);
    for (const file of stdout.split('\0').filter(Boolean)) {
      // A file deleted in the work tree but still in the index is not part of it.
      try {
        mkdirSync(dirname(join(dir, file)), { recursive: true });
        copyFileSync(join(ROOT, file), join(dir, file));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    const checkout = new ReleaseCheckout(dir);
    await checkout.git(['init', '--quiet', '--initial-branch', 'main']);
    await checkout.commit('the work tree');
    return checkout;
  }

  git(args: string[]) {
    return run('git', [
      '-C',
      this.dir,
      '-c',
      'user.name=e2e',
      '-c',
      'user.email=e2e@example.com',
      ...args,
    ]);
  }

  async commit(message: string) {
    await this.git(['add', '--all']);
    await this.git(['commit', '--quiet', '--allow-empty', '--message', message]);
  }

  async revision(): Promise<string> {
    return (await this.git(['rev-parse', 'HEAD'])).stdout.trim();
  }

  /** The commit time in UTC, as the script writes it into org.opencontainers.image.created. */
  async commitTime(): Promise<string> {
    const { stdout } = await this.git(['show', '-s', '--format=%ct', 'HEAD']);
    return new Date(Number(stdout.trim()) * 1000).toISOString().replace('.000Z', 'Z');
  }

  /** `deploy/release/release.sh <args>` in this checkout; never rejects (tests read the code). */
  release(args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
    return run(join(this.dir, 'deploy', 'release', 'release.sh'), args, {
      env: { ...process.env, ...env },
      allowFailure: true,
      timeoutMs: 30 * 60_000,
    });
  }

  remove() {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
