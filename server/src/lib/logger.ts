import { pino, type Logger, type LoggerOptions } from 'pino';
import type { Config } from '../config.js';
import { boundLogLine, errorForLog } from './log-safety.js';

export type { Logger };

/** Paths whose values never reach a log line. */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.secret',
  '*.authSecret',
  '*.databaseUrl',
  '*.redisUrl',
];

export function loggerOptions(config: Pick<Config, 'logLevel'>, role: string): LoggerOptions {
  return {
    level: config.logLevel,
    base: { role },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { err: errorForLog, error: errorForLog },
    // Every line is bounded, whatever a caller passes (log-safety.ts says why).
    hooks: { streamWrite: boundLogLine },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
}

/** On a terminal, readable coloured lines (pino-pretty, in its own thread); else JSON lines. */
const PRETTY_OPTIONS = {
  colorize: true,
  translateTime: 'SYS:HH:MM:ss',
  ignore: 'pid,hostname,role',
  singleLine: true,
  messageFormat: '{role}: {msg}',
};

export function createLogger(
  config: Pick<Config, 'logLevel'>,
  role: string,
  destination: { isTTY?: boolean; fd: number } = process.stdout,
): Logger {
  const options = loggerOptions(config, role);
  if (!destination.isTTY) return pino(options, pino.destination(destination.fd));
  return pino({
    ...options,
    transport: {
      target: 'pino-pretty',
      options: { ...PRETTY_OPTIONS, destination: destination.fd },
    },
  });
}
