/* SPDX-License-Identifier: Apache-2.0 */
/* Keys of a Docker profile that moby's decoder ignores: a typo there
 * ("syscall", "arg") changes what the profile means without a word. */
#ifndef SC_LINT_KEYS_H
#define SC_LINT_KEYS_H

#include <stddef.h>

/* Calls @say(@data, LINE, MESSAGE) for every object key of the JSON
 * @text that moby ignores. Text that is not JSON says nothing. */
void sc_lint_json_keys(const char *text, size_t len,
		       void (*say)(void *data, unsigned line, const char *msg),
		       void *data);

#endif
