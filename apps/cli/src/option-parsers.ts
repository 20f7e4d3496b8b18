import { InvalidArgumentError } from 'commander';

/**
 * Creates a Commander option parser that accepts an http:// or https:// URL and returns it
 * unchanged. `example` is the URL the error message suggests when the value is not a URL.
 */
export function httpUrlParser(example: string): (value: string) => string {
  return (value) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new InvalidArgumentError(`"${value}" is not a URL; give one such as ${example}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new InvalidArgumentError(`"${value}" must start with http:// or https://`);
    }

    return value;
  };
}
