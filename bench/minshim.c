/* SPDX-License-Identifier: Apache-2.0 */
/* minshim.so: the least a preload that confines its process can do, as a
 * yardstick for libsyscage.so. With MINSHIM_BPF set, its constructor reads
 * that raw program (syscage export --format bpf), sets no_new_privs and
 * loads it; without, it does nothing (what any preloaded library costs).
 * A benchmark helper, never a test. */
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static struct sock_filter prog[BPF_MAXINSNS];

__attribute__((constructor)) static void minshim(void)
{
	const char *file = getenv("MINSHIM_BPF");
	struct sock_fprog p = { 0, prog };
	ssize_t n;
	int fd;

	if (!file)
		return;
	fd = open(file, O_RDONLY | O_CLOEXEC);
	n = fd < 0 ? -1 : read(fd, prog, sizeof(prog));
	if (n <= 0 || n % sizeof(*prog))
		_exit(125);
	close(fd);
	p.len = (unsigned short)(n / sizeof(*prog));
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &p))
		_exit(125);
}
