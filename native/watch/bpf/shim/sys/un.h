/* shim: struct sockaddr_un comes from vmlinux.h */
