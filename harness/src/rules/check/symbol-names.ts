// Symbolic constants as they read in messages, and candidate lists for suggestions.

import { constantsOfKind, type Arch } from '../../tables/index.js';
import type { ConstantKind } from '../../filter/index.js';

export const KIND_NAMES: Readonly<Record<ConstantKind, string>> = {
  errno: 'an errno',
  open_flag: 'an open flag',
  socket_type: 'a socket type',
  address_family: 'an address family',
  signal: 'a signal',
  mmap_prot: 'an mmap protection',
  mmap_flag: 'an mmap flag',
  at_flag: 'an AT_* flag',
  seek_whence: 'a SEEK_* value',
  access_mode: 'an access mode',
  fcntl_cmd: 'an fcntl command',
  fd_flag: 'an fd flag',
  ioctl_cmd: 'an ioctl request',
  rlimit_resource: 'a resource limit',
  getrandom_flag: 'a getrandom flag',
  fadvise_advice: 'a POSIX_FADV_* value',
  sigprocmask_how: 'a sigprocmask how',
  sigaction_flag: 'a sigaction flag',
  sighandler: 'a signal handler',
  file_mode: 'a file type or mode bit',
  arch_prctl_code: 'an arch_prctl code',
  wait_option: 'a wait option',
  flock_type: 'a lock type',
  statx_mask: 'a STATX_* mask bit',
  statx_attr: 'a STATX_ATTR_* bit',
  clone_flag: 'a clone flag',
};

export function errnoNames(arch?: Arch): string[] {
  return constantsOfKind('errno', arch).map((c) => c.name);
}

export function signalNames(arch?: Arch): string[] {
  return constantsOfKind('signal', arch).map((c) => c.name);
}
