/* shim: vmlinux.h has bool/true/false */
