import type { OwnershipHook } from '../../lib/ownership.js';
import { updateTasksOwner } from './queries.js';

export const tasksOwnership: OwnershipHook = { name: 'tasks', transfer: updateTasksOwner };
