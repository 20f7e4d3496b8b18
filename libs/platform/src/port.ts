/** Reads the HTTP port from PORT, falling back to the app's own default. */
export function httpPort(defaultPort: number): number {
  const text = process.env.PORT;
  if (text === undefined || text === '') {
    return defaultPort;
  }

  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new Error(`PORT is "${text}" but must be an integer between 1 and 65535`);
  }

  return port;
}
