// API tokens verified recently, so that an authenticated request costs no token query (on
// PGlite the lookup and the `lastUsedAt` write were two of a task list's three statements).
// An entry lives at most VERIFIED_TOKEN_TTL_MS, and never past its token's expiry: a revoke in
// this process forgets its token at once; one made elsewhere (another api replica, the `docket`
// command) and a disabled account take effect within it, for a token used in the last few
// seconds (docs/security.md). The token's scopes and collections are remembered with its user.
import type { Actor } from '../../access/actor.js';
import type { SessionUser } from '../auth/service.js';

export const VERIFIED_TOKEN_TTL_MS = 5_000;
/** Enough for every token of a busy server; the oldest entry goes first beyond it. */
const MAX_ENTRIES = 10_000;

/** Whose a token is, and what it lets them do. */
export interface TokenHolder {
  user: SessionUser;
  actor: Actor;
}

interface Verified {
  tokenId: string;
  holder: TokenHolder;
  expiresAt: number;
}

export class VerifiedTokens {
  readonly #byHash = new Map<string, Verified>();

  constructor(
    private readonly ttlMs = VERIFIED_TOKEN_TTL_MS,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** The token's holder while its verification is fresh and the token has not expired. */
  holder(tokenHash: string): TokenHolder | undefined {
    const entry = this.#byHash.get(tokenHash);
    if (entry && entry.expiresAt > this.now()) return entry.holder;
    this.#byHash.delete(tokenHash);
    return undefined;
  }

  remember(tokenHash: string, tokenId: string, holder: TokenHolder) {
    this.#byHash.delete(tokenHash);
    if (this.#byHash.size >= MAX_ENTRIES) this.#byHash.delete(this.#byHash.keys().next().value!);
    const fresh = this.now() + this.ttlMs;
    const tokenEnd = holder.actor.expiresAt?.getTime() ?? Infinity;
    this.#byHash.set(tokenHash, { tokenId, holder, expiresAt: Math.min(fresh, tokenEnd) });
  }

  forget(tokenId: string) {
    for (const [hash, entry] of this.#byHash)
      if (entry.tokenId === tokenId) this.#byHash.delete(hash);
  }

  /** Every token of the account: its role or state changed, or it is gone. */
  forgetUser(userId: string) {
    for (const [hash, entry] of this.#byHash)
      if (entry.holder.user.id === userId) this.#byHash.delete(hash);
  }
}
