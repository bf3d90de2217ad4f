/* shim: struct sockaddr_in/in6 come from vmlinux.h */
