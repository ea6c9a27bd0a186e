/* SPDX-License-Identifier: Apache-2.0 */
/* mkbpf PROFILE CAPS linear|tree|ranges OUT [N]: compiles PROFILE with
 * libseccomp's default linear layout (as a filter built with libseccomp's
 * defaults, the runc/crun way, is), libseccomp's binary tree, or syscage's
 * ranges, and writes the raw program, for `make bench` to load them all in
 * one run. With N, also compiles it N
 * more times and prints the median compile time in microseconds. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>

#include "compile.h"
#include "source.h"

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median_compile(const struct sc_profile *p,
			     const struct sc_opts *o, int n)
{
	double t[1000];
	struct sc_compiled c;
	struct sc_err e;

	n = n < 1 ? 1 : n > 1000 ? 1000 : n;
	for (int i = 0; i < n; i++) {
		struct timespec a, b;

		clock_gettime(CLOCK_MONOTONIC, &a);
		if (sc_compile(p, o, &c, &e) < 0)
			return -1;
		clock_gettime(CLOCK_MONOTONIC, &b);
		sc_compiled_clear(&c);
		t[i] = (b.tv_sec - a.tv_sec) * 1e6 +
		       (b.tv_nsec - a.tv_nsec) / 1e3;
	}
	qsort(t, (size_t)n, sizeof(*t), cmp);
	return t[n / 2];
}

int main(int argc, char **argv)
{
	struct sc_profile *p = NULL;
	struct sc_compiled c;
	struct sc_opts o;
	struct sc_err e = { .line = 0 };
	FILE *f;

	if (argc != 5 && argc != 6)
		return 2;
	if (sc_load(&SC_REQUEST(argv[1], argv[2], false, false), &p, &o, &e) <
	    0)
		goto fail;
	o.layout = strcmp(argv[3], "linear") == 0 ? SC_LAYOUT_LINEAR
		   : strcmp(argv[3], "tree") == 0 ? SC_LAYOUT_TREE
						  : SC_LAYOUT_RANGES;
	if (sc_compile(p, &o, &c, &e) < 0)
		goto fail;
	f = fopen(argv[4], "wb");
	if (!f ||
	    fwrite(c.prog.insns, sizeof(*c.prog.insns), c.prog.len, f) !=
		    c.prog.len ||
	    fclose(f))
		return 1;
	printf("%zu", c.prog.len);
	sc_compiled_clear(&c);
	if (argc == 6)
		printf(" %.0f", median_compile(p, &o, atoi(argv[5])));
	printf("\n");
	sc_profile_free(p);
	return 0;
fail:
	fprintf(stderr, "mkbpf: %s:%u: %s\n", e.file, e.line, e.msg);
	return 1;
}
