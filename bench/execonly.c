/* SPDX-License-Identifier: Apache-2.0 */
/* execonly [-f BPF] CMD [ARG]...: the least any loader can cost, one
 * execve; with -f, after setting no_new_privs and loading that raw program
 * (syscage export --format bpf), as any seccomp loader must. The floor of
 * `make bench`'s loader rows. Built static. */
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static struct sock_filter prog[BPF_MAXINSNS];

static int load(const char *file)
{
	struct sock_fprog p = { 0, prog };
	int fd = open(file, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, prog, sizeof(prog));

	if (n <= 0 || n % sizeof(*prog))
		return -1;
	close(fd);
	p.len = (unsigned short)(n / sizeof(*prog));
	return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	       syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &p);
}

int main(int argc, char **argv)
{
	if (argc > 2 && strcmp(argv[1], "-f") == 0) {
		if (load(argv[2]) < 0) {
			perror(argv[2]);
			return 125;
		}
		argc -= 2, argv += 2;
	}
	if (argc < 2)
		return 2;
	execv(argv[1], argv + 1);
	perror(argv[1]);
	return 127;
}
