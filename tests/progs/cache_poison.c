/* SPDX-License-Identifier: Apache-2.0 */
/* What a hostile program under a profile can do to the compiled-filter
 * cache: compute, as syscage does from public inputs, the key under which
 * PROFILE's program is looked up, and write a well-formed entry (magic,
 * key, checksum) whose program is "return ALLOW" into DIR. tests/cache.sh
 * shows such an entry is loaded only where its writer could have rewritten
 * the profile anyway. Built with conf/runtime/cache.c itself, so that the forgery
 * follows the real format.
 *
 * Usage: cache_poison PROFILE DIR   ($SYSCAGE_CAPS as syscage reads it) */
#include "../../conf/runtime/cache.c"

#include <linux/filter.h>
#include <linux/seccomp.h>

int main(int argc, char **argv)
{
	struct sock_filter allow = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	/* ... and keeps every capability (sc_caps_limit). */
	struct sc_compiled c = { .prog = { &allow, 1 },
				 .default_action = SECCOMP_RET_ALLOW,
				 .caps_keep = SC_CAPS_KEEP_ALL };
	struct sc_profile p = { .file = NULL };
	struct sc_cache_ref r = { .owned = NULL };
	struct sc_err e = { .line = 0 };
	struct sc_trust t = { 0 };
	char path[4200];
	size_t size;
	char *buf;
	int fd;

	if (argc != 3) {
		fputs("usage: cache_poison PROFILE DIR\n", stderr);
		return 2;
	}
	/* The key as syscage computes it, wherever it would look. */
	if (ref_init(&r,
		     &SC_REQUEST(argv[1], getenv("SYSCAGE_CAPS"), false, false),
		     &e) < 0 ||
	    !r.a.real[0]) {
		fprintf(stderr, "cache_poison: %s: no key\n", argv[1]);
		return 1;
	}
	buf = pack_entry(&r.k, &c, &p, &t, &size);
	if (!buf || entry_path(path, sizeof(path), argv[2], &r.k) < 0)
		return 1;
	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 || write(fd, buf, size) != (ssize_t)size || close(fd) < 0) {
		perror(path);
		return 1;
	}
	puts(path);
	return 0;
}
