/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * For the loaders of watch.bpf.c (the sct_watch addon, watch-demo), user space only: the root of
 * the cgroup2 hierarchy, where the FAIL programs (cgroup socket hooks) attach so that they see
 * every process. It is the first cgroup2 mount in /proc/self/mounts: /sys/fs/cgroup on a unified
 * host, /sys/fs/cgroup/unified on a hybrid one (this host: cgroup v1 controllers, v2 beside them).
 */
#ifndef SCT_WATCH_CGROUP2_ROOT_H
#define SCT_WATCH_CGROUP2_ROOT_H

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

/* An O_RDONLY fd of the cgroup2 root, or -errno (-ENOENT: no cgroup2 mount). Its path in path
 * (size bytes) when path is not NULL. */
static inline int sct_open_cgroup2_root(char *path, size_t size)
{
	char dev[256], dir[256], type[64];
	FILE *f = fopen("/proc/self/mounts", "r");
	int fd = -ENOENT;

	if (!f)
		return -errno;
	while (fscanf(f, "%255s %255s %63s %*[^\n]", dev, dir, type) == 3)
		if (!strcmp(type, "cgroup2")) {
			fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			if (fd < 0)
				fd = -errno;
			if (path)
				snprintf(path, size, "%s", dir);
			break;
		}
	fclose(f);
	return fd;
}

#endif /* SCT_WATCH_CGROUP2_ROOT_H */
