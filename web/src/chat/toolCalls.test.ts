import { describe, expect, it } from 'vitest';
import type { ToolCallRecord } from '../api/types';
import { describeToolCall, toolCallState } from './toolCalls';

const sentence = (call: ToolCallRecord, streaming = false) =>
  describeToolCall(call, toolCallState(call, streaming));

describe('describeToolCall', () => {
  it('says what each task tool did, by the task’s title', () => {
    const task = { id: 't1', title: 'Buy milk' };
    expect(
      sentence({ id: '1', name: 'create_task', input: { title: 'Buy milk' }, output: task }),
    ).toBe('Created task “Buy milk”');
    expect(sentence({ id: '2', name: 'complete_task', input: { id: 't1' }, output: task })).toBe(
      'Completed task “Buy milk”',
    );
    expect(
      sentence({
        id: '3',
        name: 'update_task',
        input: { id: 't1', changes: { title: 'Oat milk' } },
        output: {},
      }),
    ).toBe('Updated task “Oat milk”');
    expect(
      sentence({ id: '4', name: 'delete_task', input: { id: 't1' }, output: { deleted: 't1' } }),
    ).toBe('Deleted a task');
    expect(
      sentence({
        id: '5',
        name: 'list_tasks',
        input: {},
        output: { items: [task], nextCursor: null },
      }),
    ).toBe('Listed tasks (1 found)');
  });

  it('says what a search looked for', () => {
    expect(sentence({ id: '1', name: 'search_documents', input: { q: 'roses' }, output: {} })).toBe(
      'Searched documents for “roses”',
    );
  });

  it('says a call is running while its answer streams, and that it never finished after', () => {
    const call = { id: '1', name: 'create_task', input: { title: 'Buy milk' } };
    expect(sentence(call, true)).toBe('Creating task “Buy milk”…');
    expect(sentence(call, false)).toBe('Tried to create task “Buy milk”');
  });

  it('shows a failed call’s error, and names an unknown tool', () => {
    expect(
      sentence({ id: '1', name: 'complete_task', input: { id: 'x' }, error: 'task not found' }),
    ).toBe('Could not complete a task: task not found');
    expect(sentence({ id: '2', name: 'make_coffee', input: {}, output: 'ok' })).toBe(
      'Used the tool make_coffee',
    );
  });

  it('names an external MCP server’s tool and its server, as Docket’s own show', () => {
    const call = { id: '3', name: 'weather__forecast', input: { city: 'Oslo' } };
    expect(sentence({ ...call, output: { text: 'rain' } })).toBe(
      'Used “forecast” of the MCP server “weather”',
    );
    expect(sentence(call, true)).toBe('Using “forecast” of the MCP server “weather”…');
    expect(sentence({ ...call, error: 'the server refused' })).toBe(
      'Could not use “forecast” of the MCP server “weather”: the server refused',
    );
  });
});
