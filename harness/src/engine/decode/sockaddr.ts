// struct sockaddr bytes (as the supervisor read them) in strace's notation.

import { type Arch } from '../../tables/index.js';
import { enumName } from './flags.js';
import { quoteBytes } from './quote.js';

export function formatSockaddr(raw: Uint8Array, arch: Arch): string {
  if (raw.length < 2) return '{...}';
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const family = view.getUint16(0, true);
  const name = enumName('address_family', family, arch);
  const fam = `sa_family=${name ?? family}`;
  if (name === 'AF_INET' && raw.length >= 8) {
    const port = view.getUint16(2, false);
    const ip = [...raw.subarray(4, 8)].join('.');
    return `{${fam}, sin_port=htons(${port}), sin_addr=inet_addr("${ip}")}`;
  }
  if (name === 'AF_INET6' && raw.length >= 24) {
    const port = view.getUint16(2, false);
    const flow = view.getUint32(4, false);
    const groups = Array.from({ length: 8 }, (_, i) => view.getUint16(8 + 2 * i, false).toString(16));
    const scope = raw.length >= 28 ? view.getUint32(24, true) : 0;
    return `{${fam}, sin6_port=htons(${port}), sin6_flowinfo=htonl(${flow}), inet_pton(${name}, "${compressV6(groups)}", &sin6_addr), sin6_scope_id=${scope}}`;
  }
  if (name === 'AF_UNIX') {
    const path = raw.subarray(2);
    if (path.length > 0 && path[0] === 0) return `{${fam}, sun_path=@${quoteBytes(path.subarray(1), 108)}}`;
    const end = path.indexOf(0);
    return `{${fam}, sun_path=${quoteBytes(end < 0 ? path : path.subarray(0, end), 108)}}`;
  }
  return `{${fam}, sa_data=${quoteBytes(raw.subarray(2), 14)}}`;
}

/** RFC 5952: the longest run (2+) of zero groups becomes `::`. */
function compressV6(groups: string[]): string {
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}
