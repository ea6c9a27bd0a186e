/* SPDX-License-Identifier: Apache-2.0 */
/* The plain data model of a seccomp profile, shared by every parser (JSON,
 * INI) and the compiler. It holds what the file says, not what it means on
 * this machine: includes/excludes, caps and archMap are resolved by the
 * compiler. No libseccomp, no kernel here. */
#ifndef SC_PROFILE_H
#define SC_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Docker's action names, in one enum. SC_ACT_KILL is Docker's
 * SCMP_ACT_KILL, which runc maps to kill-thread; it is kept apart so that
 * exports can write back what the file said. */
enum sc_action {
	SC_ACT_KILL,
	SC_ACT_KILL_THREAD,
	SC_ACT_KILL_PROCESS,
	SC_ACT_TRAP,
	SC_ACT_ERRNO,
	SC_ACT_TRACE,
	SC_ACT_ALLOW,
	SC_ACT_LOG,
	SC_ACT_NOTIFY,
};

enum sc_op {
	SC_OP_NE,
	SC_OP_LT,
	SC_OP_LE,
	SC_OP_EQ,
	SC_OP_GE,
	SC_OP_GT,
	SC_OP_MASKED_EQ, /* (arg & value) == value_two */
};

#define SC_ARGS_MAX 6 /* syscalls have arguments 0..5 */

/* A growable list of owned strings. */
struct sc_strv {
	char **v;
	size_t n;
	size_t cap; /* grows by doubling: a profile may list 10^5 names */
};

/* "includes" / "excludes" of a Docker rule. */
struct sc_cond {
	struct sc_strv arches; /* Go names: amd64, x86, x32, arm64, ... */
	struct sc_strv caps; /* CAP_* names */
	bool has_min_kernel;
	unsigned min_kernel_major, min_kernel_minor;
};

struct sc_arg {
	unsigned index;
	uint64_t value;
	uint64_t value_two;
	enum sc_op op;
};

struct sc_rule {
	struct sc_strv names;
	enum sc_action action;
	bool has_errno; /* errnoRet given; else EPERM where it matters */
	uint32_t errno_ret;
	struct sc_arg *args;
	size_t n_args;
	char *comment; /* NULL when absent */
	struct sc_cond includes;
	struct sc_cond excludes;
	unsigned line; /* where the rule starts in its file, for messages */
	const char *file; /* the file it came from (INI includes); NULL: the
			   * profile's own */
	/* Docker's rule: a name libseccomp does not know is skipped with a
	 * warning. false (INI, written by hand): it is an error, unless the
	 * user asks for --lenient. */
	bool lax_names;
	/* Names from a syscall group: those libseccomp does not know are
	 * newer than it, and skipped without a word. */
	bool quiet_unknown;
	/* INI [deny]: the rule narrows what the profile and its includes
	 * allow, so it goes before every other rule (the first
	 * unconditional rule for a call decides it). */
	bool narrows;
};

struct sc_archmap {
	char *arch; /* SCMP_ARCH_* */
	struct sc_strv sub; /* subArchitectures */
};

struct sc_profile {
	char *file; /* name used in messages */
	/* What the writers' header says the profile is, when it was not
	 * converted from a file (syscage record). NULL: "converted from". */
	char *origin;
	bool has_default;
	enum sc_action default_action;
	bool has_default_errno;
	uint32_t default_errno;
	unsigned default_line;
	struct sc_strv arches; /* "architectures": SCMP_ARCH_* */
	struct sc_archmap *archmap;
	size_t n_archmap;
	/* runc adds SPEC_ALLOW when "flags" is absent (not when it is []), so
	 * the difference is kept. */
	bool has_flags;
	struct sc_strv flags;
	char *listener_path;
	char *listener_metadata;
	char *caps; /* INI "caps =": the capability set, unless overridden */
	struct sc_strv files; /* owned names of included files, for messages */
	struct sc_rule *rules;
	size_t n_rules;
	size_t cap_rules;
};

struct sc_profile *sc_profile_new(const char *file);
void sc_profile_free(struct sc_profile *p);

struct sc_err;

/* Puts a rule first in @p that denies each of @names (NAME[,NAME...]) with
 * errno EPERM and overrides every other rule for them, as an INI [deny]
 * does: `syscage --deny`. @why names it in reports (static). */
int sc_profile_deny(struct sc_profile *p, const char *names, const char *why,
		    struct sc_err *err);
void sc_profile_freep(struct sc_profile **p);
#define _cleanup_profile_ __attribute__((cleanup(sc_profile_freep)))

/* Appends a zeroed rule and returns it, or NULL when out of memory. */
struct sc_rule *sc_profile_add_rule(struct sc_profile *p);

/* runc's matchCall: when a rule compares one argument index twice, each
 * comparison is a rule of its own and any one of them matches (OR);
 * otherwise all of them must hold (AND). The compiler and `explain` both
 * ask here, so they cannot disagree. */
bool sc_rule_args_or(const struct sc_rule *r);

/* Appends a copy of @s (@len bytes) to @sv: 0 or -ENOMEM. */
int sc_strv_add(struct sc_strv *sv, const char *s, size_t len);
bool sc_strv_has(const struct sc_strv *sv, const char *s);
void sc_strv_clear(struct sc_strv *sv);
/* Frees the lists of @c and leaves them empty. */
void sc_cond_clear(struct sc_cond *c);

/* Name tables: Docker's spelling <-> enum. Lookups return -1 when unknown;
 * names are NULL for out-of-range values. */
int sc_action_from_name(const char *name);
const char *sc_action_name(enum sc_action a);
int sc_op_from_name(const char *name);
const char *sc_op_name(enum sc_op op);
/* "==", "<", ... as the INI language writes the comparison; NULL for
 * SC_OP_MASKED_EQ (written "arg & MASK == VALUE") and out-of-range. */
const char *sc_op_sign(enum sc_op op);

#endif
