/* libFuzzer entry point for the whole front half of syscage: profile text
 * (JSON or INI, told apart by content as sc_profile_parse does) in, the
 * seccomp program out. Any bytes give either an error with a message or a
 * program the kernel could load: non-empty and at most BPF_MAXINSNS
 * instructions; never a crash, a leak or undefined behaviour.
 *
 * The options are fixed so that a crash input replays the same way on any
 * machine: no capabilities, kernel 6.1, the native architecture, lenient
 * (unknown names in INI rules are warnings, so the compiler sees more). */
#include <errno.h>
#include <linux/filter.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compile.h"
#include "source.h"

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
		    !c.prog.insns || c.stub_len > c.prog.len)
			abort();
		sc_compiled_clear(&c);
	} else if (!err.msg[0]) {
		abort();
	}
	sc_profile_free(p);
	free(buf);
	return 0;
}
