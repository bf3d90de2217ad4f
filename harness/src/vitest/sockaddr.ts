// struct sockaddr bytes (as the supervisor read them) as an object: { family, port, ip } or
// { family, path }, for `toHaveSyscall('connect', { addr: { port: 8080 } })`.

import { enumName } from '../engine/decode/flags.js';
import { hostArch } from '../tables/index.js';

export interface DecodedSockaddr {
  /** AF_INET, AF_INET6, AF_UNIX, ... (the number when unnamed). */
  family: string | number;
  port?: number;
  ip?: string;
  path?: string;
}

function ipv6(view: DataView): string {
  const groups = Array.from({ length: 8 }, (_, i) => view.getUint16(8 + 2 * i, false).toString(16));
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}

export function decodeSockaddr(raw: Uint8Array): DecodedSockaddr | undefined {
  if (raw.length < 2) return undefined;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const number = view.getUint16(0, true);
  const family = enumName('address_family', number, hostArch()) ?? number;
  if (family === 'AF_INET' && raw.length >= 8) return { family, port: view.getUint16(2, false), ip: [...raw.subarray(4, 8)].join('.') };
  if (family === 'AF_INET6' && raw.length >= 24) return { family, port: view.getUint16(2, false), ip: ipv6(view) };
  if (family === 'AF_UNIX') {
    const path = Buffer.from(raw.subarray(2));
    const end = path[0] === 0 ? path.length : path.indexOf(0);
    return { family, path: (path[0] === 0 ? '@' + path.subarray(1).toString('latin1') : path.subarray(0, end < 0 ? path.length : end).toString('latin1')).replace(/\0+$/, '') };
  }
  return { family };
}
