/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer entry point for the whole front half of syscage: profile text
 * (JSON or INI, told apart by content as sc_profile_parse does) in, the
 * seccomp program out. Any bytes give either an error with a message or a
 * program the kernel could load: non-empty and at most BPF_MAXINSNS
 * instructions; never a crash, a leak or undefined behaviour.
 *
 * The options are fixed so that a crash input replays the same way on any
 * machine: no capabilities, kernel 6.1, the native architecture, lenient
 * (unknown names in INI rules are warnings, so the compiler sees more).
 *
 * The program syscage loads (its own layout, conf/bpf/layout.c) must decide as
 * libseccomp's own program does: both are run on every architecture the
 * filter may name and on the syscall numbers around each profile's. */
#include <errno.h>
#include <linux/filter.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bpf.h"
#include "compile.h"
#include "source.h"

static const uint32_t arches[] = { 0xc000003e, 0x40000003, 0xc00000b7, 0 };

/* Numbers 0..599 on each ABI, x32's among them, and a few far ones. */
static void same_decisions(const struct sc_profile *p, struct sc_opts o,
			   const struct sc_compiled *laid)
{
	struct sc_compiled raw;
	struct sc_err err;

	o.layout = SC_LAYOUT_TREE;
	if (sc_compile(p, &o, &raw, &err) < 0)
		abort(); /* compiled once already: must again */
	for (size_t a = 0; a < sizeof(arches) / sizeof(*arches); a++)
		for (uint32_t i = 0; i < 1220; i++) {
			uint32_t nr = i < 600	 ? i
				      : i < 1200 ? (i - 600) | 0x40000000u
						 : 0xffffffffu - (i - 1200);
			struct seccomp_data d = { .nr = (int)nr,
						  .arch = arches[a] };
			bool ua, ub;

			if (sc_bpf_run(&raw.prog, &d, &ua) !=
				    sc_bpf_run(&laid->prog, &d, &ub) ||
			    ua != ub)
				abort();
		}
	sc_compiled_clear(&raw);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sc_profile *p = NULL;
	struct sc_err err = { .msg = "" };
	struct sc_opts o = {
		.caps = 0,
		.strict = false,
		.lenient = true,
		.kernel_major = 6,
		.kernel_minor = 1,
		.native = sc_arch_native(),
	};
	struct sc_compiled c;
	char *buf;
	int rc;

	/* The parsers get a NUL-terminated copy, as read_file gives them. */
	buf = malloc(size + 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	/* A name without a suffix or a slash: the format is chosen by
	 * content, and INI includes resolve against the current directory. */
	rc = sc_profile_parse(buf, size, "fuzz", &p, &err);
	if (rc < 0) {
		if (p || !err.msg[0])
			abort();
		free(buf);
		return 0;
	}
	if (!p)
		abort();
	memset(&err, 0, sizeof(err));
	rc = sc_compile(p, &o, &c, &err);
	if (rc == 0) {
		if (c.prog.len == 0 || c.prog.len > BPF_MAXINSNS ||
		    !c.prog.insns || c.stub.len > c.raw_len)
			abort();
		same_decisions(p, o, &c);
		sc_compiled_clear(&c);
	} else if (!err.msg[0]) {
		abort();
	}
	sc_profile_free(p);
	free(buf);
	return 0;
}
