// What the assistant did, in a sentence per tool call: "Created task “Buy milk”".
import type { ToolCallRecord } from '../api/types';

/** A field of a tool's input or output, when it is a non-empty string. */
function text(value: unknown, ...path: string[]): string | undefined {
  let current = value;
  for (const key of path)
    current =
      typeof current === 'object' && current !== null
        ? (current as Record<string, unknown>)[key]
        : undefined;
  return typeof current === 'string' && current.trim() ? current.trim() : undefined;
}

const quoted = (value: string) => `“${value}”`;

/** The task a call is about, by its title when the call or its answer gives it. */
function task(call: ToolCallRecord): string {
  const title =
    text(call.output, 'title') ?? text(call.input, 'title') ?? text(call.input, 'changes', 'title');
  return title ? `task ${quoted(title)}` : 'a task';
}

function taskCount(call: ToolCallRecord): string {
  const items = (call.output as { items?: unknown } | undefined)?.items;
  if (!Array.isArray(items)) return '';
  return items.length === 1 ? ' (1 found)' : ` (${items.length} found)`;
}

/** For each tool: the verb while it runs, once done, and after "could not"; and its object. */
const TOOLS: Record<
  string,
  { verbs: [string, string, string]; object: (c: ToolCallRecord) => string }
> = {
  create_task: { verbs: ['Creating', 'Created', 'create'], object: task },
  update_task: { verbs: ['Updating', 'Updated', 'update'], object: task },
  complete_task: { verbs: ['Completing', 'Completed', 'complete'], object: task },
  delete_task: { verbs: ['Deleting', 'Deleted', 'delete'], object: task },
  list_tasks: {
    verbs: ['Listing', 'Listed', 'list'],
    object: (call) => `tasks${taskCount(call)}`,
  },
  search_documents: {
    verbs: ['Searching', 'Searched', 'search'],
    object: (call) => {
      const q = text(call.input, 'q');
      return q ? `documents for ${quoted(q)}` : 'documents';
    },
  },
};

/** An external MCP server's tool is `<server>__<tool>` (docs/mcp.md): said as which of whose. */
function externalTool(name: string): string {
  const at = name.indexOf('__');
  if (at <= 0) return `the tool ${name}`;
  return `${quoted(name.slice(at + 2))} of the MCP server ${quoted(name.slice(0, at))}`;
}

/** A call without a result is running while its answer streams; after, it never finished. */
export type ToolCallState = 'running' | 'unfinished' | 'done' | 'failed';

export function toolCallState(call: ToolCallRecord, streaming: boolean): ToolCallState {
  if (call.error !== undefined) return 'failed';
  if (call.output !== undefined) return 'done';
  return streaming ? 'running' : 'unfinished';
}

/** "Creating task “Buy milk”…", "Created task “Buy milk”", "Could not create task “Buy milk”: …". */
export function describeToolCall(call: ToolCallRecord, state: ToolCallState): string {
  const tool = TOOLS[call.name] ?? {
    verbs: ['Using', 'Used', 'use'],
    object: () => externalTool(call.name),
  };
  const [running, done, failed] = tool.verbs;
  const object = tool.object(call);
  switch (state) {
    case 'running':
      return `${running} ${object}…`;
    case 'unfinished':
      return `Tried to ${failed} ${object}`;
    case 'done':
      return `${done} ${object}`;
    case 'failed':
      return `Could not ${failed} ${object}: ${call.error}`;
  }
}
