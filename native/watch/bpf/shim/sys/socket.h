/* shim: struct sockaddr and sa_family_t come from vmlinux.h; address families are macros, which
 * BTF does not carry (values from include/linux/socket.h). */
#define AF_UNIX 1
#define AF_INET 2
#define AF_INET6 10
