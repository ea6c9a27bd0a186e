/* SPDX-License-Identifier: Apache-2.0 */
/* Did-you-mean (see suggest.h): Levenshtein distance, with an
 * adjacent swap counted as one edit ("opnat", "syscals"). */
#include "suggest.h"

#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WORD_MAX (SC_SUGGEST_MAX - 1) /* longer words are never near */

static size_t min3(size_t a, size_t b, size_t c)
{
	size_t m = a < b ? a : b;

	return m < c ? m : c;
}

static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t d[WORD_MAX + 1][WORD_MAX + 1];

	if (la > WORD_MAX || lb > WORD_MAX)
		return (size_t)-1;
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] != b[j - 1];

			d[i][j] = min3(d[i - 1][j] + 1, d[i][j - 1] + 1,
				       d[i - 1][j - 1] + cost);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < d[i][j])
				d[i][j] = d[i - 2][j - 2] + 1;
		}
	return d[la][lb];
}

struct best {
	const char *w;
	size_t d;
};

static void consider(struct best *b, const char *w, const char *cand)
{
	size_t d = distance(w, cand);
	size_t limit = strlen(w) / 4 + 1;

	if (d > 0 && d <= limit && d < b->d) {
		b->w = cand;
		b->d = d;
	}
}

const char *sc_suggest(const char *w, const char *const *words, size_t n)
{
	struct best b = { NULL, (size_t)-1 };

	for (size_t i = 0; i < n; i++)
		consider(&b, w, words[i]);
	return b.w;
}

/* Numbers run below 1024 on every ABI libseccomp knows for x86 and arm
 * (x32's carry a high bit, which resolve_num strips for us). */
const char *sc_suggest_syscall(const char *w, char *buf, size_t size)
{
	struct best b = { NULL, (size_t)-1 };

	for (int nr = 0; nr < 1024; nr++) {
		char *name =
			seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, nr);

		if (!name)
			continue;
		consider(&b, w, name);
		if (b.w == name) {
			snprintf(buf, size, "%s", name);
			b.w = buf;
		}
		free(name);
	}
	return b.w;
}
