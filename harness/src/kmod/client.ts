// A typed client of /dev/sct (the kernel module), with errors a user can act on: why the module
// is not there and how to get it, and that loading rules needs CAP_SYS_ADMIN.

import { existsSync, readFileSync } from 'node:fs';
import { SctError } from '../errors.js';
import { BUILD_FROM_SOURCE } from '../addon.js';
import { asArgumentError } from '../addon-arguments.js';
import { loadKmodBinding, type KmodBinding } from './binding.js';
import {
  decodeCounters,
  decodeEvents,
  decodeList,
  decodeLoad,
  decodeVersion,
  encodeList,
  encodeLoad,
  encodeRules,
  SCT_DEVICE,
  SCT_MAX_RULES,
  SCT_UAPI_VERSION,
  SIZES,
  type Counter,
  type KEvent,
  type KRule,
  type ListResult,
  type LoadResult,
  type Scope,
  type VersionInfo,
} from './protocol.js';

export class KmodError extends SctError {
  constructor(
    readonly code: 'SCT_KMOD_MISSING' | 'SCT_KMOD_PERM' | 'SCT_KMOD_VERSION' | 'SCT_KMOD_REFUSED' | 'SCT_KMOD_ADDON' | 'SCT_KMOD_NO_SUSPENDED',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface HostFacts {
  cmdline: string;
  modulesDisabled: boolean;
  release: string;
  headers: boolean;
  loaded: boolean;
}

export function hostFacts(): HostFacts {
  const read = (p: string): string => {
    try {
      return readFileSync(p, 'utf8');
    } catch {
      return '';
    }
  };
  const release = read('/proc/sys/kernel/osrelease').trim();
  return {
    cmdline: read('/proc/cmdline'),
    modulesDisabled: read('/proc/sys/kernel/modules_disabled').trim() === '1',
    release,
    headers: release !== '' && existsSync(`/lib/modules/${release}/build/Makefile`),
    loaded: /^sct /m.test(read('/proc/modules')),
  };
}

/** Why /dev/sct is missing and what to do about it. */
export function explainMissing(f: HostFacts, device = SCT_DEVICE): string {
  const vm = 'run it in the test VM instead: `npm run test:vm kernel` (builds kernel/ in a Debian 6.1 guest, insmods it and runs the module tests)';
  if (f.loaded) return `the sct module is loaded but ${device} is missing (is devtmpfs mounted on /dev?)`;
  const lines = [`the syscalltrack kernel module is not loaded (no ${device}).`];
  if (/(^|\s)nomodule(\s|$)/.test(f.cmdline)) {
    lines.push(`This host cannot load it: its kernel${f.release ? ` ${f.release}` : ''} was booted with \`nomodule\`, so no module can be loaded here;`, vm + '.');
  } else if (f.modulesDisabled) {
    lines.push('This host cannot load it: module loading is disabled (/proc/sys/kernel/modules_disabled = 1);', vm + '.');
  } else {
    lines.push(
      `Build and load it as root: \`make -C kernel${f.headers ? '' : ' KDIR=<headers of your kernel>'} && insmod kernel/sct.ko\`` +
        (f.headers ? '' : ` (no headers for ${f.release || 'this kernel'} at /lib/modules/${f.release || '<release>'}/build: install linux-headers-${f.release || '<release>'})`) +
        ';',
      `or ${vm}.`,
    );
  }
  return lines.join('\n');
}

function errCode(err: unknown): string | undefined {
  return (err as { code?: string } | undefined)?.code;
}

export class KmodClient {
  private constructor(
    private readonly b: KmodBinding,
    private fd: number,
    readonly info: VersionInfo,
  ) {}

  static open(device = SCT_DEVICE): KmodClient {
    const b: KmodBinding = loadKmodBinding(); // KmodAddonLoadError (lists every path tried)
    if (b.sizes.load !== SIZES.load || b.sizes.event !== SIZES.event || b.sizes.rule !== SIZES.rule || b.uapiVersion !== SCT_UAPI_VERSION) {
      throw new KmodError('SCT_KMOD_ADDON', `native/kmod was built from another version of include/sct/uapi.h: ${BUILD_FROM_SOURCE}`);
    }
    let fd: number;
    try {
      fd = b.open(device);
    } catch (err) {
      const code = errCode(err);
      if (code === 'ENOENT' || code === 'ENXIO' || code === 'ENODEV') throw new KmodError('SCT_KMOD_MISSING', explainMissing(hostFacts(), device), { cause: err });
      if (code === 'EACCES' || code === 'EPERM') throw new KmodError('SCT_KMOD_PERM', `cannot open ${device}: permission denied (run sct as root)`, { cause: err });
      throw asArgumentError(err);
    }
    let info: VersionInfo;
    try {
      info = decodeVersion(b.version(fd));
    } catch (err) {
      b.close(fd);
      throw new KmodError('SCT_KMOD_VERSION', `${device} does not answer the syscalltrack VERSION request: is it the sct module?`, { cause: err });
    }
    if (info.version !== SCT_UAPI_VERSION || info.eventSize !== SIZES.event) {
      b.close(fd);
      throw new KmodError(
        'SCT_KMOD_VERSION',
        `the loaded sct module speaks protocol ${info.version} (events of ${info.eventSize} bytes), this harness ${SCT_UAPI_VERSION} (${SIZES.event}): rebuild and reload kernel/ (rmmod sct; make -C kernel; insmod kernel/sct.ko)`,
      );
    }
    return new KmodClient(b, fd, info);
  }

  private wrap<T>(what: string, f: () => T): T {
    try {
      return f();
    } catch (err) {
      const code = errCode(err);
      if (code === 'EPERM') throw new KmodError('SCT_KMOD_PERM', `${what} needs CAP_SYS_ADMIN: run sct as root (e.g. \`sudo sct ${what}\`)`, { cause: err });
      if (code === 'EOPNOTSUPP') throw new KmodError('SCT_KMOD_REFUSED', `${what}: the module cannot hook a syscall of this rule set (exit/exit_group, or an entry point missing from this kernel)`, { cause: err });
      if (code === 'EINVAL') throw new KmodError('SCT_KMOD_REFUSED', `${what}: the module refused the request as malformed (harness and module from different versions?)`, { cause: err });
      throw asArgumentError(err); // the addon's own check of an argument (js_args.h): NativeArgumentError
    }
  }

  /** Atomically replaces the loaded rule set; returns the retired generation's final counters too. */
  load(rules: readonly KRule[], scope: Scope = {}): LoadResult & { retired: Counter[] } {
    const body = encodeRules(rules);
    const hdr = encodeLoad(rules.length, body.length, scope);
    const retired = Buffer.alloc(SCT_MAX_RULES * SIZES.counter);
    this.wrap('load', () => this.b.load(this.fd, hdr, body, retired));
    const r = decodeLoad(hdr);
    return { ...r, retired: decodeCounters(retired, r.retiredN) };
  }

  clear(): LoadResult & { retired: Counter[] } {
    const hdr = encodeLoad(0, 0);
    const retired = Buffer.alloc(SCT_MAX_RULES * SIZES.counter);
    this.wrap('clear', () => this.b.clear(this.fd, hdr, retired));
    const r = decodeLoad(hdr);
    return { ...r, retired: decodeCounters(retired, r.retiredN) };
  }

  list(): ListResult & { counters: Counter[] } {
    const hdr = encodeList();
    const buf = Buffer.alloc(SCT_MAX_RULES * SIZES.counter);
    this.wrap('rules', () => this.b.list(this.fd, hdr, buf));
    const l = decodeList(hdr);
    return { ...l, counters: decodeCounters(buf, l.n) };
  }

  resume(tid: number): number {
    try {
      return this.wrap('resume', () => this.b.resume(this.fd, tid));
    } catch (err) {
      if (errCode(err) === 'ESRCH') throw new KmodError('SCT_KMOD_NO_SUSPENDED', tid ? `thread ${tid} is not suspended by the sct module` : 'no thread is suspended by the sct module', { cause: err });
      throw err;
    }
  }

  readEvents(max = 256): KEvent[] {
    return decodeEvents(this.wrap('log', () => this.b.readEvents(this.fd, max)));
  }

  close(): void {
    if (this.fd >= 0) this.b.close(this.fd);
    this.fd = -1;
  }
}
