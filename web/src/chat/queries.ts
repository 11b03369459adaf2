// The conversation list and each conversation, cached; chat activity and changes made here
// update them and have them read again.
import {
  queryOptions,
  skipToken,
  useMutation,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import type { Conversation } from '../api/types';
import { editLists, pagedQuery, removeItem, replaceItem } from '../ui/pagedList';
import {
  deleteConversation,
  getConversation,
  listConversations,
  pickModel,
  renameConversation,
  showBranch,
} from './api';

/** With a model, the server titles a new conversation shortly after its first answer. */
const TITLE_DELAY_MS = 3000;

const LIST = ['conversations', 'list'] as const;

export const conversationListQuery = pagedQuery(LIST, listConversations);

/** One conversation with its saved messages; none to read for a new one (no id yet). */
export const conversationQuery = (id: string | undefined) =>
  queryOptions({
    queryKey: ['conversations', 'one', id],
    queryFn: id === undefined ? skipToken : ({ signal }) => getConversation(id, signal),
  });

/**
 * The list changed on the server (a conversation started, an answer saved): it is read
 * again; `titled`: once more when a new conversation may have been given its title.
 */
export function conversationsChanged(client: QueryClient, { titled = false } = {}) {
  void client.invalidateQueries({ queryKey: LIST });
  if (titled) setTimeout(() => void client.invalidateQueries({ queryKey: LIST }), TITLE_DELAY_MS);
}

export function useRenameConversation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, title }: { id: string; title: string }) => renameConversation(id, title),
    onSuccess: (renamed) => {
      client.setQueryData(conversationQuery(renamed.id).queryKey, (shown) =>
        shown ? { ...shown, title: renamed.title } : shown,
      );
      editLists<Conversation>(client, LIST, (pages) => replaceItem(pages, renamed));
    },
  });
}

export function useDeleteConversation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: deleteConversation,
    onSuccess: (_, id) => {
      client.removeQueries({ queryKey: conversationQuery(id).queryKey });
      editLists<Conversation>(client, LIST, (pages) => removeItem(pages, id));
    },
  });
}

/** Shows another branch: the server answers the conversation as it now reads. */
export function useShowBranch(id: string | undefined) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (messageId: string) => showBranch(id!, messageId),
    onSuccess: (conversation) =>
      client.setQueryData(conversationQuery(conversation.id).queryKey, conversation),
  });
}

/** Picks the model that answers in this conversation from now on. */
export function usePickModel() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, model }: { id: string; model: string }) => pickModel(id, model),
    onSuccess: (picked) => {
      client.setQueryData(conversationQuery(picked.id).queryKey, (shown) =>
        shown ? { ...shown, model: picked.model } : shown,
      );
      editLists<Conversation>(client, LIST, (pages) => replaceItem(pages, picked));
    },
  });
}
