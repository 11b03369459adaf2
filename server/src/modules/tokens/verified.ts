// API tokens verified recently, so that an authenticated request costs no token query (on
// PGlite the lookup and the `lastUsedAt` write were two of a task list's three statements).
// An entry lives at most VERIFIED_TOKEN_TTL_MS: a revoke in this process forgets its token at
// once; one made elsewhere (another api replica, the `docket` command) and a disabled account
// take effect within it, for a token used in the last few seconds (docs/security.md).
import type { SessionUser } from '../auth/service.js';

export const VERIFIED_TOKEN_TTL_MS = 5_000;
/** Enough for every token of a busy server; the oldest entry goes first beyond it. */
const MAX_ENTRIES = 10_000;

interface Verified {
  tokenId: string;
  user: SessionUser;
  expiresAt: number;
}

export class VerifiedTokens {
  readonly #byHash = new Map<string, Verified>();

  constructor(
    private readonly ttlMs = VERIFIED_TOKEN_TTL_MS,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** The token's user while its verification is fresh. */
  user(tokenHash: string): SessionUser | undefined {
    const entry = this.#byHash.get(tokenHash);
    if (entry && entry.expiresAt > this.now()) return entry.user;
    this.#byHash.delete(tokenHash);
    return undefined;
  }

  remember(tokenHash: string, tokenId: string, user: SessionUser) {
    this.#byHash.delete(tokenHash);
    if (this.#byHash.size >= MAX_ENTRIES) this.#byHash.delete(this.#byHash.keys().next().value!);
    this.#byHash.set(tokenHash, { tokenId, user, expiresAt: this.now() + this.ttlMs });
  }

  forget(tokenId: string) {
    for (const [hash, entry] of this.#byHash)
      if (entry.tokenId === tokenId) this.#byHash.delete(hash);
  }

  /** Every token of the account: its role or state changed, or it is gone. */
  forgetUser(userId: string) {
    for (const [hash, entry] of this.#byHash)
      if (entry.user.id === userId) this.#byHash.delete(hash);
  }
}
