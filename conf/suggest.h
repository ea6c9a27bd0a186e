/* "Did you mean": the nearest known word to a misspelt one, for messages
 * that say what to change. */
#ifndef SC_SUGGEST_H
#define SC_SUGGEST_H

#include <stddef.h>

/* The word of @words (@n of them) nearest to @w, within an edit distance
 * a typo makes (about one in four letters), or NULL. */
const char *sc_suggest(const char *w, const char *const *words, size_t n);

/* The nearest syscall name libseccomp knows on the native ABI, or NULL. */
const char *sc_suggest_syscall(const char *w);

#endif
