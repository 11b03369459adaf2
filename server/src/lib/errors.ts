// Errors that services throw. They carry an HTTP status for the API's error handler, but no
// HTTP code, so workers and the MCP server can use the same services.
export interface FieldProblem {
  field: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    /** Which fields were wrong, as validation errors list them. */
    readonly details?: FieldProblem[],
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new AppError(404, 'NOT_FOUND', `${what} not found`);

/** A 400 that names the field, worded like the schemas' validation errors. */
export const invalidInput = (field: string, message: string) =>
  new AppError(400, 'VALIDATION_ERROR', `invalid request: ${field}: ${message}`, [
    { field, message },
  ]);
