import { defineOperators, type PolicyValue } from './operator.js';

interface IpAddress {
  version: 4 | 6;
  value: bigint;
}

interface IpRange extends IpAddress {
  prefixLength: number;
}

const IPV4_OCTET_PATTERN = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const IPV6_GROUP_PATTERN = /^[0-9a-f]{1,4}$/i;

function parseIpv4(text: string): bigint | undefined {
  const octets = text.split('.');
  if (octets.length !== 4 || !octets.every((octet) => IPV4_OCTET_PATTERN.test(octet))) {
    return undefined;
  }

  return octets.reduce((value, octet) => (value << 8n) | BigInt(octet), 0n);
}

/** Parses the groups on one side of `::`. A trailing dotted IPv4 address counts as two groups. */
function parseIpv6Groups(text: string): bigint[] | undefined {
  if (text === '') {
    return [];
  }

  const parts = text.split(':');
  const groups: bigint[] = [];
  for (const [index, part] of parts.entries()) {
    if (index === parts.length - 1 && part.includes('.')) {
      const ipv4 = parseIpv4(part);
      if (ipv4 === undefined) {
        return undefined;
      }
      groups.push(ipv4 >> 16n, ipv4 & 0xffffn);
    } else if (IPV6_GROUP_PATTERN.test(part)) {
      groups.push(BigInt(`0x${part}`));
    } else {
      return undefined;
    }
  }
  return groups;
}

function parseIpv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) {
    return undefined;
  }

  const head = parseIpv6Groups(halves[0] ?? '');
  const tail = halves.length === 2 ? parseIpv6Groups(halves[1] ?? '') : [];
  if (head === undefined || tail === undefined) {
    return undefined;
  }

  const missing = 8 - head.length - tail.length;
  if ((halves.length === 2 && missing < 1) || (halves.length === 1 && missing !== 0)) {
    return undefined;
  }

  const groups = [...head, ...Array<bigint>(missing).fill(0n), ...tail];
  return groups.reduce((value, group) => (value << 16n) | group, 0n);
}

function parseIpAddress(text: string): IpAddress | undefined {
  const ipv4 = parseIpv4(text);
  if (ipv4 !== undefined) {
    return { version: 4, value: ipv4 };
  }

  const ipv6 = text.includes(':') ? parseIpv6(text) : undefined;
  return ipv6 === undefined ? undefined : { version: 6, value: ipv6 };
}

/**
 * Parses `203.0.113.0/24` or `2001:db8::/32`. An address without a prefix length is a
 * single address (/32 for IPv4, /128 for IPv6), as IAM documents.
 */
export function parseIpRange(text: string): IpRange | undefined {
  const [addressText, prefixText, extra] = text.trim().split('/');
  if (addressText === undefined || extra !== undefined) {
    return undefined;
  }

  const address = parseIpAddress(addressText);
  if (address === undefined) {
    return undefined;
  }

  const maxPrefixLength = address.version === 4 ? 32 : 128;
  if (prefixText === undefined) {
    return { ...address, prefixLength: maxPrefixLength };
  }

  const prefixLength = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : Number.NaN;
  if (!(prefixLength <= maxPrefixLength)) {
    return undefined;
  }
  return { ...address, prefixLength };
}

/**
 * Matches when the request address lies in the policy's CIDR range. IPv4 and IPv6 never
 * match each other.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress
 *
 * NOTE: an IPv4-mapped IPv6 request address such as `::ffff:203.0.113.5` is compared as
 * IPv6 only, so it does not match the IPv4 range `203.0.113.0/24`.
 */
function matchIpRange(requestValue: string, { text: policyValue }: PolicyValue): boolean {
  const request = parseIpRange(requestValue);
  const range = parseIpRange(policyValue);
  if (request === undefined || range === undefined || request.version !== range.version) {
    return false;
  }

  const width = BigInt(range.version === 4 ? 32 : 128);
  const hostBits = width - BigInt(range.prefixLength);
  return request.value >> hostBits === range.value >> hostBits;
}

export const IP_ADDRESS_OPERATORS = defineOperators([
  { name: 'IpAddress', negated: false, acceptsPolicyVariables: false, matches: matchIpRange },
  { name: 'NotIpAddress', negated: true, acceptsPolicyVariables: false, matches: matchIpRange },
]);
