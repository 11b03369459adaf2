import type { OwnershipHook } from '../../lib/ownership.js';
import { updateConversationsOwner } from './queries.js';

export const chatOwnership: OwnershipHook = {
  name: 'conversations',
  transfer: updateConversationsOwner,
};
