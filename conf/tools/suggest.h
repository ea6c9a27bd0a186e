/* SPDX-License-Identifier: Apache-2.0 */
/* "Did you mean": the nearest known word to a misspelt one, for messages
 * that say what to change. */
#ifndef SC_SUGGEST_H
#define SC_SUGGEST_H

#include <stddef.h>

/* The word of @words (@n of them) nearest to @w, within an edit distance
 * a typo makes (about one in four letters), or NULL. */
const char *sc_suggest(const char *w, const char *const *words, size_t n);

/* The nearest syscall name libseccomp knows on the native ABI, or NULL;
 * the name is written to @buf (SC_SUGGEST_MAX bytes do). */
#define SC_SUGGEST_MAX 65 /* 64 characters and the NUL */
const char *sc_suggest_syscall(const char *w, char *buf, size_t size);

#endif
