/* shim: vmlinux.h has the kernel types */
