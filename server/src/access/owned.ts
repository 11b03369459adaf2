// Tasks, conversations, API tokens and diagnostic jobs are their owner's alone: nobody else
// reads or changes them, and another user's is "not found", exactly like a missing one. Their
// queries filter by the owner id this gives, once the actor's credential allows what is asked.
import { requireScope, type Actor, type Scope } from './actor.js';

export function ownerFor(actor: Actor, need: Scope): string {
  requireScope(actor, need);
  return actor.userId;
}
