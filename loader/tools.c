/* The profile toolbox: check, export, syscalls. Each reads a profile (or
 * the group table) and prints; none runs anything. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "groups.h"
#include "loader.h"
#include "source.h"
#include "write.h"

int sc_cmd_check(const struct sc_cli *cli)
{
	struct sc_compiled c;
	struct sc_err e = { .line = 0 };

	if (!cli->argv[0] || cli->argv[1]) {
		fputs("syscage check: give one PROFILE\n", stderr);
		return SC_EXIT_FAIL;
	}
	if (sc_cli_compile(cli, cli->argv[0], &c, &e) < 0) {
		sc_report(&e);
		return SC_EXIT_FAIL;
	}
	printf("%s: ok: %zu instructions (%zu in the -ENOSYS stub)\n",
	       cli->argv[0], c.prog.len, c.stub_len);
	sc_compiled_clear(&c);
	return 0;
}

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int export_pfc(const struct sc_cli *cli, struct sc_err *e)
{
	_cleanup_profile_ struct sc_profile *p = NULL;
	struct sc_opts o;
	int rc;

	rc = sc_load(cli->argv[0], cli->caps, cli->strict, cli->lenient, &p, &o,
		     e);
	if (rc == 0) {
		fflush(stdout);
		rc = sc_compile_pfc(p, &o, STDOUT_FILENO, e);
	}
	return rc;
}

/* The profile in either language: no capability set or kernel applies,
 * includes and excludes stay as written. */
static int export_text(const struct sc_cli *cli, struct sc_err *e)
{
	_cleanup_profile_ struct sc_profile *p = NULL;
	int rc = sc_profile_load(cli->argv[0], &p, e);

	if (rc < 0)
		return rc;
	rc = cli->format[0] == 'j' ? sc_write_json(p, stdout)
				   : sc_write_ini(p, stdout);
	if (rc == 0 && fflush(stdout) != 0)
		rc = -errno;
	if (rc < 0)
		return sc_err_set(e, rc, NULL, 0, 0, "cannot write: %s",
				  strerror(-rc));
	return 0;
}

int sc_cmd_export(const struct sc_cli *cli)
{
	struct sc_err e = { .line = 0 };
	struct sc_compiled c;
	int rc;

	if (!cli->argv[0] || cli->argv[1] || !cli->format) {
		fputs("syscage export: give --format pfc|bpf|json|ini and one "
		      "PROFILE\n",
		      stderr);
		return SC_EXIT_FAIL;
	}
	if (strcmp(cli->format, "json") == 0 ||
	    strcmp(cli->format, "ini") == 0) {
		rc = export_text(cli, &e);
	} else if (strcmp(cli->format, "pfc") == 0) {
		rc = export_pfc(cli, &e);
	} else if (strcmp(cli->format, "bpf") == 0) {
		rc = sc_cli_compile(cli, cli->argv[0], &c, &e);
		if (rc == 0 &&
		    write_all(STDOUT_FILENO, c.prog.insns,
			      c.prog.len * sizeof(*c.prog.insns)) < 0)
			rc = sc_err_set(&e, -errno, NULL, 0, 0,
					"cannot write: %s", strerror(errno));
		if (rc == 0)
			sc_compiled_clear(&c);
	} else {
		rc = sc_err_set(&e, -EINVAL, NULL, 0, 0,
				"unknown export format \"%s\" (pfc, bpf, "
				"json or ini)",
				cli->format);
	}
	if (rc < 0)
		sc_report(&e);
	return rc < 0 ? SC_EXIT_FAIL : 0;
}

static int print_name(const char *name, void *data)
{
	(void)data;
	return puts(name) < 0 ? -EIO : 0;
}

struct holder {
	const char *name;
	bool found;
};

static int find_name(const char *name, void *data)
{
	struct holder *h = data;

	if (strcmp(name, h->name) == 0)
		h->found = true;
	return h->found;
}

/* syscage syscalls [@GROUP|NAME]: the groups; a group's members; the
 * groups that hold a call. */
int sc_cmd_syscalls(const struct sc_cli *cli)
{
	const char *arg = cli->argv[0];
	const struct sc_group *g;
	size_t n;

	if (arg && cli->argv[1]) {
		fputs("syscage syscalls: give at most one @GROUP or NAME\n",
		      stderr);
		return SC_EXIT_FAIL;
	}
	if (arg && arg[0] == '@') {
		g = sc_group_find(arg);
		if (!g) {
			fprintf(stderr, "syscage: unknown group \"%s\"\n", arg);
			return SC_EXIT_FAIL;
		}
		return sc_group_expand(g, print_name, NULL) ? SC_EXIT_FAIL : 0;
	}
	g = sc_groups(&n);
	for (size_t i = 0; i < n; i++) {
		struct holder h = { .name = arg };

		if (arg && (sc_group_expand(&g[i], find_name, &h), !h.found))
			continue;
		printf("%-16s %s\n", g[i].name, g[i].help);
	}
	return 0;
}
