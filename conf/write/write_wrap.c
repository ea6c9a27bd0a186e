/* SPDX-License-Identifier: Apache-2.0 */
/* The layout of an INI profile as text: a key's values spread over
 * continuation lines, and comments. inih reads 199 bytes a line, so long
 * lists must go on over lines that start with a tab; both write_ini.c (the
 * [profile] keys) and write_cond.c (a rule's keys) lay out their values
 * here, so that they wrap at the same margin. */
#include "write_wrap.h"

#include <ctype.h>
#include <string.h>

#define COLS 80 /* wrap here where a line can be cut */
#define TABW 8

void sc_wrap_start(struct sc_wrap *w, const char *key)
{
	w->words = 0;
	w->col = (size_t)fprintf(w->out, "%s =", key);
}

/* A blank before @s unless @glue; a new line first when it would pass
 * the margin. */
void sc_wrap_word(struct sc_wrap *w, const char *s, size_t len, bool glue)
{
	if (w->words && w->col + !glue + len > COLS) {
		fputs("\n\t", w->out);
		w->col = TABW;
		w->words = 0;
	} else if (!glue || !w->words) {
		fputc(' ', w->out);
		w->col++;
	}
	fwrite(s, 1, len, w->out);
	w->col += len;
	w->words++;
}

/* A unit ("&& arg1 == 0") stays on one line unless even a line of its own
 * is too short for it; then it breaks at its blanks and before the '|' of
 * a value, which the parser reads the same. */
void sc_wrap_unit(struct sc_wrap *w, const char *u)
{
	size_t len = strlen(u), n;
	bool glue = false;

	if (len <= COLS - TABW) {
		sc_wrap_word(w, u, len, false);
		return;
	}
	while (*u) {
		n = strcspn(u + 1, " |") + 1;
		sc_wrap_word(w, u, n, glue);
		u += n;
		glue = *u == '|';
		u += strspn(u, " ");
	}
}

void sc_wrap_end(struct sc_wrap *w)
{
	fputc('\n', w->out);
}

/* "; " lines, wrapped at blanks; other control characters become blanks
 * and words too long for a line are cut. */
void sc_wrap_comment(FILE *out, const char *text)
{
	size_t col = 0, n;

	for (const char *s = text; *s; s += n) {
		n = strcspn(s, " \t\r\v\f\n");
		if (n > COLS - 4)
			n = COLS - 4;
		if (col && (*s == '\n' || col + 1 + n > COLS)) {
			fputc('\n', out);
			col = 0;
		}
		if (n)
			col += (size_t)fprintf(out, "%s", col ? " " : "; ");
		for (size_t i = 0; i < n; i++, col++)
			fputc(iscntrl((unsigned char)s[i]) ? ' ' : s[i], out);
		n += !n;
	}
	if (col)
		fputc('\n', out);
}
