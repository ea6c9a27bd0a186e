/* SPDX-License-Identifier: Apache-2.0 */
/* Laying out INI text for inih: a key's values over continuation lines
 * (inih reads 199 bytes a line) and "; " comments, all at one margin.
 * Shared by the profile walk (write_ini.c) and the rule keys
 * (write_cond.c). */
#ifndef SC_WRITE_WRAP_H
#define SC_WRITE_WRAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* A key being written over as many lines as it takes. */
struct sc_wrap {
	FILE *out;
	size_t col;
	size_t words; /* on the current line */
};

/* "KEY =", the start of a key line. */
void sc_wrap_start(struct sc_wrap *w, const char *key);
/* @len bytes of @s as the next word, after a blank unless @glue; a
 * continuation line first when it would pass the margin. */
void sc_wrap_word(struct sc_wrap *w, const char *s, size_t len, bool glue);
/* @u on one line if it fits on any, else cut at its blanks and before
 * the '|' of a value. */
void sc_wrap_unit(struct sc_wrap *w, const char *u);
/* The end of the key line. */
void sc_wrap_end(struct sc_wrap *w);
/* @text as "; " lines, wrapped at blanks. */
void sc_wrap_comment(FILE *out, const char *text);

#endif
