// Socket addresses as the socket host and its networks share them: a family, the address bytes
// in network order (4 or 16) and a port; parsed from and printed as text the way `ss` and URLs
// write them ("127.0.0.1:8080", "[::1]:8080").

export type Family = 4 | 6;

export interface SockAddr {
  family: Family;
  /** 4 bytes (IPv4) or 16 (IPv6), network order. */
  addr: Uint8Array;
  port: number;
}

export function sockAddr(family: Family, addr: Uint8Array, port: number): SockAddr {
  return { family, addr: addr.slice(), port };
}

/** The unspecified address of a family (0.0.0.0 or ::) at `port`. */
export function anyAddr(family: Family, port = 0): SockAddr {
  return { family, addr: new Uint8Array(family === 4 ? 4 : 16), port };
}

export function isUnspecified(a: SockAddr): boolean {
  return a.addr.every((b) => b === 0);
}

/** An IP address as text: dotted quad, or RFC 5952's shortest IPv6 form. */
export function formatIp(family: Family, addr: Uint8Array): string {
  if (family === 4) return Array.from(addr.subarray(0, 4)).join('.');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((addr[i]! << 8) | addr[i + 1]!);
  // IPv4-mapped addresses read best as ::ffff:a.b.c.d
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${Array.from(addr.subarray(12, 16)).join('.')}`;
  }
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (gs: number[]): string => gs.map((g) => g.toString(16)).join(':');
  if (best < 0) return hex(groups);
  return `${hex(groups.slice(0, best))}::${hex(groups.slice(best + bestLen))}`;
}

export function formatAddr(a: SockAddr): string {
  const ip = formatIp(a.family, a.addr);
  return a.family === 6 ? `[${ip}]:${a.port}` : `${ip}:${a.port}`;
}

/** Parses an IPv4 or IPv6 address (no port); null when `text` is neither. */
export function parseIp(text: string): { family: Family; addr: Uint8Array } | null {
  const v4 = parseIpv4(text);
  if (v4) return { family: 4, addr: v4 };
  const v6 = parseIpv6(text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text);
  return v6 ? { family: 6, addr: v6 } : null;
}

function parseIpv4(text: string): Uint8Array | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i]!;
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    out[i] = Number(p);
  }
  return out;
}

function parseIpv6(text: string): Uint8Array | null {
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (s: string): number[] | null => {
    if (s === '') return [];
    const out: number[] = [];
    const parts = s.split(':');
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (i === parts.length - 1 && p.includes('.')) {
        const v4 = parseIpv4(p);
        if (!v4) return null;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(p)) out.push(parseInt(p, 16));
      else return null;
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const all = [...head, ...new Array<number>(missing).fill(0), ...tail];
  const out = new Uint8Array(16);
  all.forEach((g, i) => {
    out[i * 2] = g >> 8;
    out[i * 2 + 1] = g & 0xff;
  });
  return out;
}
