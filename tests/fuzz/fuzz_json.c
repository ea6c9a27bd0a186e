/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer entry point for conf/parse/json.c: any bytes must give either a
 * profile whose fields hold up or an error with a message, and never a
 * crash, a leak or undefined behaviour. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct sc_profile *p)
{
	for (size_t i = 0; i < p->n_rules; i++) {
		const struct sc_rule *r = &p->rules[i];

		if (!sc_action_name(r->action) || r->line == 0)
			abort();
		for (size_t j = 0; j < r->names.n; j++)
			if (!r->names.v[j])
				abort();
		for (size_t j = 0; j < r->n_args; j++)
			if (r->args[j].index >= SC_ARGS_MAX ||
			    !sc_op_name(r->args[j].op))
				abort();
	}
	for (size_t i = 0; i < p->n_archmap; i++)
		if (!p->archmap[i].arch)
			abort();
	if (!p->has_default || !sc_action_name(p->default_action))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sc_profile *p = NULL;
	struct sc_err err = { .msg = "" };
	int rc = sc_json_parse((const char *)data, size, "fuzz", &p, &err);

	if (rc == 0 && p)
		check(p);
	else if (rc == 0 || p || !err.msg[0] ||
		 (rc != -EINVAL && rc != -ENOMEM))
		abort();
	sc_profile_free(p);
	return 0;
}
