/* shim: vmlinux.h already has the __u8..__s64 types */
