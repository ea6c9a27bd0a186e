/* SPDX-License-Identifier: Apache-2.0 */
/* Finding the command as env(1) does and telling whether it will run the
 * shim: an ELF file of this ABI whose PT_INTERP is the system's ld.so does;
 * a static one (or static-pie, another ABI, another PT_INTERP, or a file
 * only binfmt_misc could run) does not. A "#!" script is judged by its
 * interpreter. */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "target.h"

#if defined(__x86_64__)
#define EM_HOST EM_X86_64
#define SC_LDSO "/lib64/ld-linux-x86-64.so.2"
#elif defined(__aarch64__)
#define EM_HOST EM_AARCH64
#define SC_LDSO "/lib/ld-linux-aarch64.so.1"
#elif defined(__i386__)
#define EM_HOST EM_386
#elif defined(__arm__)
#define EM_HOST EM_ARM
#elif defined(__powerpc64__)
#define EM_HOST EM_PPC64
#elif defined(__s390x__)
#define EM_HOST EM_S390
#elif defined(__riscv)
#define EM_HOST EM_RISCV
#endif

#ifndef SC_LDSO /* other architectures: their glibc's loader name */
#define SC_LDSO "/lib/ld-linux.so.2"
#endif

#if __SIZEOF_POINTER__ == 8
typedef Elf64_Ehdr ehdr_t;
typedef Elf64_Phdr phdr_t;
#define ELF_CLASS ELFCLASS64
#else
typedef Elf32_Ehdr ehdr_t;
typedef Elf32_Phdr phdr_t;
#define ELF_CLASS ELFCLASS32
#endif

static bool is_exec_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	       access(path, X_OK) == 0;
}

int sc_find_command(const char *cmd, char *path, unsigned size,
		    struct sc_err *e)
{
	const char *p = getenv("PATH");
	bool seen = false;

	if (strchr(cmd, '/')) {
		if (access(cmd, F_OK) < 0)
			return sc_err_msg(e, -ENOENT, cmd, "no such file");
		snprintf(path, size, "%s", cmd);
		return is_exec_file(cmd) ? 0
					 : sc_err_msg(e, -EACCES, cmd,
						      "not an executable file");
	}
	for (p = p ? p : "/usr/local/bin:/usr/bin:/bin"; p;) {
		const char *end = strchr(p, ':');
		int dl = end ? (int)(end - p) : (int)strlen(p);

		snprintf(path, size, "%.*s%s%s", dl, dl ? p : ".", "/", cmd);
		if (is_exec_file(path))
			return 0;
		seen |= access(path, F_OK) == 0;
		p = end ? end + 1 : NULL;
	}
	return seen ? sc_err_msg(e, -EACCES, cmd, "not an executable file")
		    : sc_err_msg(e, -ENOENT, cmd, "command not found");
}

static int kind_of(const char *path, int depth, enum sc_target_kind *kind,
		   struct sc_err *e);

/* "#!interp" -> the interpreter decides. */
static int script_kind(const char *head, size_t n, int depth,
		       enum sc_target_kind *kind, struct sc_err *e)
{
	char interp[256];
	size_t i = 2, j = 0;

	while (i < n && (head[i] == ' ' || head[i] == '\t'))
		i++;
	while (i < n && j < sizeof(interp) - 1 && head[i] != ' ' &&
	       head[i] != '\t' && head[i] != '\n')
		interp[j++] = head[i++];
	interp[j] = '\0';
	if (j == 0)
		return sc_err_msg(e, -ENOEXEC, NULL,
				  "script without an interpreter");
	return kind_of(interp, depth + 1, kind, e);
}

/* Whether PT_INTERP names the system's dynamic loader. Only that one runs
 * LD_AUDIT and LD_PRELOAD as the shim needs: any other program can sit in
 * PT_INTERP (a static one never runs the shim), so anything else is
 * treated as static. */
static bool is_system_ldso(int fd, const phdr_t *ph)
{
	char interp[PATH_MAX], real[PATH_MAX], sys[PATH_MAX];

	if (ph->p_filesz == 0 || ph->p_filesz >= sizeof(interp) ||
	    pread(fd, interp, ph->p_filesz, (off_t)ph->p_offset) !=
		    (ssize_t)ph->p_filesz)
		return false;
	interp[ph->p_filesz] = '\0';
	/* The usual case without resolving two paths (twenty readlinks). */
	if (strcmp(interp, SC_LDSO) == 0)
		return true;
	return realpath(interp, real) && realpath(SC_LDSO, sys) &&
	       strcmp(real, sys) == 0;
}

static int elf_kind(int fd, const ehdr_t *eh, enum sc_target_kind *kind)
{
	*kind = SC_TARGET_STATIC;
	if (eh->e_ident[EI_CLASS] != ELF_CLASS || eh->e_machine != EM_HOST ||
	    eh->e_phentsize != sizeof(phdr_t))
		return 0; /* another ABI: our shim cannot load there */
	for (unsigned i = 0; i < eh->e_phnum; i++) {
		phdr_t ph;

		if (pread(fd, &ph, sizeof(ph),
			  (off_t)(eh->e_phoff + i * sizeof(ph))) != sizeof(ph))
			return -EIO;
		if (ph.p_type == PT_INTERP) {
			if (is_system_ldso(fd, &ph))
				*kind = SC_TARGET_DYNAMIC;
			break;
		}
	}
	return 0;
}

static int kind_of(const char *path, int depth, enum sc_target_kind *kind,
		   struct sc_err *e)
{
	char head[sizeof(ehdr_t) > 256 ? sizeof(ehdr_t) : 256];
	ssize_t n;
	int fd, rc = 0;

	if (depth > 4)
		return sc_err_msg(e, -ELOOP, path,
				  "too many levels of #! interpreters");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return sc_err_msg(e, -errno, path, "cannot read: %s",
				  strerror(errno));
	n = read(fd, head, sizeof(head));
	if (n >= (ssize_t)sizeof(ehdr_t) && memcmp(head, ELFMAG, SELFMAG) == 0)
		rc = elf_kind(fd, (const ehdr_t *)head, kind);
	else if (n >= 2 && head[0] == '#' && head[1] == '!')
		rc = script_kind(head, (size_t)n, depth, kind, e);
	else
		*kind = SC_TARGET_STATIC; /* binfmt_misc may hand it to any
					   * interpreter: not ours to trust */
	close(fd);
	if (rc == -EIO)
		rc = sc_err_msg(e, rc, path, "cannot read its headers");
	return rc;
}

int sc_target_kind(const char *path, enum sc_target_kind *kind,
		   struct sc_err *e)
{
	return kind_of(path, 0, kind, e);
}
