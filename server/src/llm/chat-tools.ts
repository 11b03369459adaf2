// Adapts the shared tool definitions (lib/tool.ts) to AI SDK tools, run for one user. The
// model sees the same names, descriptions and zod schemas as MCP clients do. External MCP
// servers' tools are adapted too, with their own JSON Schemas.
import { tool as aiTool, jsonSchema, type JSONSchema7, type ToolSet } from 'ai';
import { AppError } from '../lib/errors.js';
import type { ExternalTool, Tool, ToolContext } from '../lib/tool.js';

export interface ToolAdapterOptions {
  /** Rewrites a tool's result before the model sees it (e.g. to number passages). */
  present?: (toolName: string, output: unknown) => unknown;
  /** Unexpected failures (not AppErrors): logged, and told to the model without detail. */
  onUnexpectedError?: (toolName: string, error: unknown) => void;
}

export function toAiTools(
  tools: readonly Tool[],
  context: ToolContext,
  options: ToolAdapterOptions = {},
): ToolSet {
  const set: ToolSet = {};
  for (const definition of tools) {
    set[definition.name] = aiTool({
      description: definition.description,
      inputSchema: definition.input,
      execute: async (input: unknown) => {
        try {
          const output = await definition.run(context, input as never);
          return options.present ? options.present(definition.name, output) : output;
        } catch (error) {
          // Expected failures (not found, invalid input) are told to the model as they are.
          if (error instanceof AppError) throw new Error(error.message, { cause: error });
          options.onUnexpectedError?.(definition.name, error);
          throw new Error('the tool failed; see the server log', { cause: error });
        }
      },
    });
  }
  return set;
}

/** External tools for the AI SDK; their failures (and their servers') are told to the model. */
export function toAiExternalTools(
  tools: readonly ExternalTool[],
  signal: AbortSignal,
  present: (toolName: string, output: unknown) => unknown,
): ToolSet {
  const set: ToolSet = {};
  for (const external of tools)
    set[external.name] = aiTool({
      description: external.description,
      inputSchema: jsonSchema(external.inputSchema as JSONSchema7),
      execute: async (input: unknown) => present(external.name, await external.run(input, signal)),
    });
  return set;
}
