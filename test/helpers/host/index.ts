// Host probes for tests: `beforeEach(needs(cc, i386Abi))` skips, reason printed, where the host lacks one.
export { defineProbe, HostProbeError, type HostProbe } from './probe.js';
export { needs, missingReason, skipWhen } from './needs.js';
export { cc, cpp, gcc, gxx, objdump, chromium, CHROMIUM } from './tools.js';
export { x86_64, i386Abi, waitKillableRecv, seccompFlagCodes, noSctModule, notifExec } from './kernel.js';
export { uapiHeaders, UAPI_HEADERS, genSources, builtCli } from './files.js';
