/**
 * Escapes an observed resource so that IAM reads it as literal text. `$`, `*` and `?` become
 * `${$}`, `${*}` and `${?}`, the special-character variables of the IAM User Guide page
 * "IAM policy elements: Variables and tags", which need `"Version": "2012-10-17"`. The
 * resource `"*"` alone means "no resource-level permissions" and is returned unchanged.
 *
 * The whole string is escaped, also the partition, service, region and account of an ARN,
 * where IAM substitutes no variables. An ARN with `*`, `?` or `$` there therefore matches no
 * resource, which grants less than was observed rather than more.
 */
export function escapeResourceLiteral(resource: string): string {
  return resource === '*' ? resource : escapeLiteralText(resource);
}

/** Escapes every `$`, `*` and `?` of a piece of literal text, also a text that is only `*`. */
export function escapeLiteralText(text: string): string {
  return text.replace(/[$*?]/g, (character) => `\${${character}}`);
}

/**
 * Reverses `escapeResourceLiteral`: replaces each `${$}`, `${*}` and `${?}` with its
 * character, reading left to right. Other text, wildcards included, stays as written.
 */
export function unescapeResourceLiteral(resource: string): string {
  return resource.replace(/\$\{([$*?])\}/g, '$1');
}
