// IPv4 CIDR parsing for the extra peer CIDRs: Aiven rejects malformed ranges only later, as an
// INVALID_SPECIFICATION state, so the modal catches them first. Problems are plain sentences: the
// modal shows them as plain text (no mrkdwn), so no backticks.

export interface Cidr {
  text: string;
  network: number;
  prefix: number;
}

export type CidrParseResult = { ok: true; cidr: Cidr } | { ok: false; problem: string };

function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : 2 ** 32 - 2 ** (32 - prefix);
}

export function parseCidr(text: string): CidrParseResult {
  const match = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(text);
  const address = match?.[1] !== undefined ? parseIpv4(match[1]) : undefined;
  const prefix = match?.[2] !== undefined ? Number(match[2]) : Number.NaN;
  if (address === undefined || !(prefix >= 0 && prefix <= 32)) {
    return { ok: false, problem: `"${text}" is not an IPv4 CIDR such as 10.50.0.0/16.` };
  }
  // Unsigned AND: JS bitwise ops are signed 32-bit, so combine through arithmetic.
  const network = address - (address % 2 ** (32 - prefix));
  if (network !== address) {
    return {
      ok: false,
      problem: `"${text}" has host bits set; did you mean ${formatIpv4(network)}/${prefix}?`,
    };
  }
  return { ok: true, cidr: { text, network, prefix } };
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  const prefix = Math.min(a.prefix, b.prefix);
  const mask = maskOf(prefix);
  const keep = (n: number) => n - (n % 2 ** (32 - prefix));
  return mask === 0 || keep(a.network) === keep(b.network);
}
