/* SPDX-License-Identifier: Apache-2.0 */
/* A profile's text to its model: INI or Docker JSON, with INI includes
 * read as the profile's own file is (text.c), and the options that go
 * with it (sc_load). */
#include "source.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inifile.h"
#include "json.h"
#include "search.h"
#include "util.h"

static void buf_free(char **p)
{
	free(*p);
}

/* "include = FILE": relative to the including file's directory. */
static int include_read(const char *path, const char *from, char **buf,
			size_t *len, char **canon, struct sc_err *err,
			void *data)
{
	const char *slash = strrchr(from, '/');
	char *full = NULL;
	int rc;

	if (path[0] == '/' || !slash)
		full = strdup(path);
	else if (asprintf(&full, "%.*s/%s", (int)(slash - from), from, path) <
		 0)
		full = NULL;
	if (!full)
		return sc_err_oom(err);
	rc = sc_profile_read(full, buf, len, err);
	if (rc == 0) {
		*canon = realpath(full, NULL);
		if (!*canon) {
			free(*buf);
			rc = sc_err_msg(err, -errno, full, "%s",
					strerror(errno));
		}
	}
	free(full);
	return rc;
}

/* INI by name, or by look when the name says nothing: Docker's JSON
 * starts with '{'. */
static bool is_ini(const char *name, const char *buf, size_t len)
{
	size_t n = strlen(name);
	size_t i = 0;

	if (n > 4 && strcmp(name + n - 4, ".ini") == 0)
		return true;
	if (n > 5 && strcmp(name + n - 5, ".json") == 0)
		return false;
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len && strchr(" \t\r\n", buf[i]))
		i++;
	return i < len && buf[i] != '{';
}

int sc_profile_parse(const char *buf, size_t len, const char *name,
		     struct sc_profile **out, struct sc_err *err)
{
	static const struct sc_ini_io io = { .read = include_read };
	char path[PATH_MAX];

	/* A profile name: its file, for messages and includes. */
	if (sc_profile_is_name(name) &&
	    sc_profile_find(name, path, sizeof(path), NULL, NULL, NULL) == 0)
		name = path;
	if (is_ini(name, buf, len))
		return sc_ini_parse(buf, len, name, &io, out, err);
	/* Editors on Windows start UTF-8 with a byte-order mark; Go's
	 * decoder (moby) rejects it, but it says nothing about the profile. */
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) {
		buf += 3;
		len -= 3;
	}
	return sc_json_parse(buf, len, name, out, err);
}

/* A name to its file (*@spec then points into @path), and the text. */
static int named_text(const char **spec, char *path, size_t size,
		      const char **text, size_t *len, char **buf,
		      struct sc_err *err)
{
	int rc = sc_profile_resolve(*spec, path, size, spec, err);

	return rc < 0 ? rc : sc_profile_text(*spec, text, len, buf, err);
}

int sc_profile_load(const char *spec, struct sc_profile **out,
		    struct sc_err *err)
{
	__attribute__((cleanup(buf_free))) char *buf = NULL;
	char path[PATH_MAX];
	const char *text;
	size_t len = 0;
	int rc = named_text(&spec, path, sizeof(path), &text, &len, &buf, err);

	return rc < 0 ? rc : sc_profile_parse(text, len, spec, out, err);
}

int sc_load_text(const struct sc_request *rq, const char *text, size_t len,
		 struct sc_profile **p, struct sc_opts *o, struct sc_err *err)
{
	struct sc_request none = *rq;
	int rc;

	/* The set is the profile's when the request names none: parse
	 * first, then resolve it (sc_opts_caps). */
	none.caps = "none";
	rc = sc_opts_init(o, &none, err);
	if (rc == 0)
		rc = sc_profile_parse(text, len, rq->spec, p, err);
	if (rc == 0)
		rc = sc_opts_caps(o, *p, rq->caps, err);
	if (rc < 0) {
		sc_profile_free(*p);
		*p = NULL;
	}
	return rc;
}

int sc_load(const struct sc_request *rq, struct sc_profile **p,
	    struct sc_opts *o, struct sc_err *err)
{
	__attribute__((cleanup(buf_free))) char *buf = NULL;
	struct sc_request found = *rq;
	char path[PATH_MAX];
	const char *text;
	size_t len = 0;
	int rc = named_text(&found.spec, path, sizeof(path), &text, &len, &buf,
			    err);

	*p = NULL;
	if (rc == 0)
		rc = sc_load_text(&found, text, len, p, o, err);
	return rc;
}
