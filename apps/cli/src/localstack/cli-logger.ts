import { pino, type Logger } from 'pino';

/**
 * Creates a logger that writes one JSON object per line to stderr, so stdout stays free for command
 * output. LOG_LEVEL sets the level (default info).
 */
export function createCliLogger(command: string): Logger {
  return pino(
    { level: process.env.LOG_LEVEL ?? 'info', base: { service: 'policy-ledger-cli', command } },
    process.stderr,
  );
}
