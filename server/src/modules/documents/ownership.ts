import type { OwnershipHook } from '../../lib/ownership.js';
import { updateDocumentsOwner } from './queries.js';

export const documentsOwnership: OwnershipHook = {
  name: 'documents',
  transfer: updateDocumentsOwner,
};
