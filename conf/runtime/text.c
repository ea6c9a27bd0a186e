/* SPDX-License-Identifier: Apache-2.0 */
/* Reading a profile's text safely: never blocks on a FIFO or a device,
 * never follows it into a directory, bounded size, no descriptor left
 * open. The shim's side of reading: no parser here (source.c parses). */
#include "text.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "search.h"
#include "util.h"

extern const char sc_embedded_default[];
extern const char sc_embedded_default_end[];

const char *sc_default_text(size_t *len)
{
	*len = (size_t)(sc_embedded_default_end - sc_embedded_default) - 1;
	return sc_embedded_default;
}

static int read_file(const char *path, char **out, size_t *len,
		     struct sc_err *err)
{
	_cleanup_fd_ int fd = -1;
	struct stat st;
	size_t got = 0;
	char *buf;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return sc_err_msg(err, -errno, path,
				  "cannot open the profile: %s",
				  strerror(errno));
	if (fstat(fd, &st) < 0)
		return sc_err_msg(err, -errno, path, "cannot stat: %s",
				  strerror(errno));
	if (!S_ISREG(st.st_mode))
		return sc_err_msg(err, -EINVAL, path,
				  "not a regular file; a profile is a JSON "
				  "or INI file");
	if (st.st_size > SC_PROFILE_MAX)
		return sc_err_msg(err, -EFBIG, path,
				  "the profile is %lld bytes; syscage reads "
				  "at most %u",
				  (long long)st.st_size, SC_PROFILE_MAX);
	buf = malloc((size_t)st.st_size + 1);
	if (!buf)
		return sc_err_oom(err);
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			free(buf);
			return sc_err_msg(err, n < 0 ? -errno : -EIO, path,
					  "cannot read the profile: %s",
					  n < 0 ? strerror(errno)
						: "short read");
		}
		got += (size_t)n;
	}
	buf[got] = '\0';
	*out = buf;
	*len = got;
	return 0;
}

int sc_profile_text(const char *spec, const char **text, size_t *len,
		    char **owned, struct sc_err *err)
{
	char path[PATH_MAX];
	int rc;

	*owned = NULL;
	if (!spec || !*spec)
		return sc_err_msg(
			err, -EINVAL, NULL,
			"no profile given (SYSCAGE_PROFILE is empty)");
	if (strcmp(spec, "default") == 0) {
		*text = sc_default_text(len);
		return 0;
	}
	rc = sc_profile_resolve(spec, path, sizeof(path), &spec, err);
	if (rc == 0)
		rc = read_file(spec, owned, len, err);
	*text = *owned;
	return rc;
}

int sc_profile_read(const char *path, char **buf, size_t *len,
		    struct sc_err *err)
{
	return read_file(path, buf, len, err);
}
