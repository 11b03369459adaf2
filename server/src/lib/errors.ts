// Errors that services throw. They carry an HTTP status for the API's error handler, but no
// HTTP code, so workers and the MCP server can use the same services.
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new AppError(404, 'NOT_FOUND', `${what} not found`);
