// seccomp UAPI that Debian 12's 6.1 kernel headers lack (values from the kernel's
// include/uapi/linux/seccomp.h); features() probes whether the running kernel has them.
#pragma once
#include <linux/seccomp.h>

#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64)  // Linux 6.6
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (1UL << 0)
#endif

// Not in any UAPI header: the kernel's "restart the call, even after a handler" code
// (include/linux/errno.h). A notification answered with it returns to user space, handles pending
// signals (a SIGSTOP stops the process there), then re-executes the call.
#ifndef ERESTARTNOINTR
#define ERESTARTNOINTR 513
#endif
