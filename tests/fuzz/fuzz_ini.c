/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer entry point for the INI parser (conf/parse/inifile.c, inisec.c, cond.c):
 * any bytes give a profile or an error with a line, never a crash, a leak
 * or undefined behaviour; and a profile that parsed, written back as INI,
 * parses again. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inifile.h"
#include "write.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void rewrite(const struct sc_profile *p)
{
	struct sc_profile *again = NULL;
	struct sc_err err = { .msg = "" };
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return;
	if (sc_write_ini(p, f) < 0) {
		/* Some models have no INI form (a header inih would cut);
		 * the writer must say so, not write something else. */
		fclose(f);
		free(text);
		return;
	}
	fclose(f);
	if (sc_ini_parse(text, len, "again.ini", NULL, &again, &err) < 0) {
		fprintf(stderr, "written INI does not parse: %u: %s\n%s\n",
			err.line, err.msg, text);
		abort();
	}
	sc_profile_free(again);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sc_profile *p = NULL;
	struct sc_err err = { .msg = "" };
	int rc = sc_ini_parse((const char *)data, size, "fuzz.ini", NULL, &p,
			      &err);

	if (rc == 0 && !p)
		abort();
	if (rc < 0 && (p || !err.msg[0] || !err.file[0]))
		abort();
	if (p)
		rewrite(p);
	sc_profile_free(p);
	return 0;
}
