// Administrators' external MCP servers: listed, added, switched off and on, deleted.
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/client';
import { addMcpServer, deleteMcpServer, listMcpServers, switchMcpServer } from './api';

export const mcpServersQuery = queryOptions({
  queryKey: ['mcp-servers'],
  queryFn: ({ signal }) => listMcpServers(signal),
  // 403 for anyone but an administrator: asking again changes nothing.
  retry: (failures, error) => !(error instanceof ApiError && error.status === 403) && failures < 3,
});

/** Every change answers with the server as it now is (or nothing, deleted): the list is read again. */
function useMcpChange<T>(change: (input: T) => Promise<unknown>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: change,
    onSuccess: () => client.invalidateQueries(mcpServersQuery),
  });
}

export const useAddMcpServer = () => useMcpChange(addMcpServer);
export const useSwitchMcpServer = () =>
  useMcpChange(({ id, enabled }: { id: string; enabled: boolean }) => switchMcpServer(id, enabled));
export const useDeleteMcpServer = () => useMcpChange(deleteMcpServer);
