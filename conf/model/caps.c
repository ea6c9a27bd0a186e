/* SPDX-License-Identifier: Apache-2.0 */
/* Capability names and sets. Docker resolves capability-conditional rules
 * against the container's capabilities, 14 of them by default, and runc
 * limits the process to the same set. Resolved against the effective set
 * instead, root would get every CAP_SYS_ADMIN rule (mount, unshare, bpf,
 * ...): the default is Docker's 14 intersected with what the process holds,
 * and the loader limits the command to it (sc_caps_limit). */
#include "caps.h"
#include "util.h"

#include <errno.h>
#include <linux/capability.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static const char *const cap_names[] = {
	"CAP_CHOWN",
	"CAP_DAC_OVERRIDE",
	"CAP_DAC_READ_SEARCH",
	"CAP_FOWNER",
	"CAP_FSETID",
	"CAP_KILL",
	"CAP_SETGID",
	"CAP_SETUID",
	"CAP_SETPCAP",
	"CAP_LINUX_IMMUTABLE",
	"CAP_NET_BIND_SERVICE",
	"CAP_NET_BROADCAST",
	"CAP_NET_ADMIN",
	"CAP_NET_RAW",
	"CAP_IPC_LOCK",
	"CAP_IPC_OWNER",
	"CAP_SYS_MODULE",
	"CAP_SYS_RAWIO",
	"CAP_SYS_CHROOT",
	"CAP_SYS_PTRACE",
	"CAP_SYS_PACCT",
	"CAP_SYS_ADMIN",
	"CAP_SYS_BOOT",
	"CAP_SYS_NICE",
	"CAP_SYS_RESOURCE",
	"CAP_SYS_TIME",
	"CAP_SYS_TTY_CONFIG",
	"CAP_MKNOD",
	"CAP_LEASE",
	"CAP_AUDIT_WRITE",
	"CAP_AUDIT_CONTROL",
	"CAP_SETFCAP",
	"CAP_MAC_OVERRIDE",
	"CAP_MAC_ADMIN",
	"CAP_SYSLOG",
	"CAP_WAKE_ALARM",
	"CAP_BLOCK_SUSPEND",
	"CAP_AUDIT_READ",
	"CAP_PERFMON",
	"CAP_BPF",
	"CAP_CHECKPOINT_RESTORE",
};

#define N_CAPS SC_ARRAY_SIZE(cap_names)

/* Docker's default capability set (moby oci/caps/defaults.go). */
static const char *const docker_caps[] = {
	"CAP_CHOWN",
	"CAP_DAC_OVERRIDE",
	"CAP_FSETID",
	"CAP_FOWNER",
	"CAP_MKNOD",
	"CAP_NET_RAW",
	"CAP_SETGID",
	"CAP_SETUID",
	"CAP_SETFCAP",
	"CAP_SETPCAP",
	"CAP_NET_BIND_SERVICE",
	"CAP_SYS_CHROOT",
	"CAP_KILL",
	"CAP_AUDIT_WRITE",
};

int sc_cap_from_name(const char *name)
{
	for (unsigned i = 0; i < N_CAPS; i++)
		if (strcmp(cap_names[i], name) == 0)
			return (int)i;
	return -1;
}

static uint64_t caps_docker(void)
{
	uint64_t mask = 0;

	for (unsigned i = 0; i < SC_ARRAY_SIZE(docker_caps); i++)
		mask |= 1ULL << sc_cap_from_name(docker_caps[i]);
	return mask;
}

/* This thread's three sets, as 64-bit masks. */
struct sets {
	uint64_t eff, prm, inh;
};

static int caps_get(struct sets *s, struct sc_err *err)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2] = { { 0 } };

	if (syscall(SYS_capget, &hdr, data) < 0)
		return sc_err_msg(err, -errno, NULL,
				  "cannot read this process's capabilities: %s",
				  strerror(errno));
	s->eff = (uint64_t)data[1].effective << 32 | data[0].effective;
	s->prm = (uint64_t)data[1].permitted << 32 | data[0].permitted;
	s->inh = (uint64_t)data[1].inheritable << 32 | data[0].inheritable;
	return 0;
}

static int caps_effective(uint64_t *mask, struct sc_err *err)
{
	struct sets s;
	int rc = caps_get(&s, err);

	*mask = rc < 0 ? 0 : s.eff;
	return rc;
}

static int caps_list(const char *spec, uint64_t *mask, struct sc_err *err)
{
	const char *p = spec;

	*mask = 0;
	while (*p) {
		size_t len = strcspn(p, ",");
		char name[32];
		int cap;

		if (len == 0 || len >= sizeof(name))
			goto bad;
		memcpy(name, p, len);
		name[len] = '\0';
		cap = sc_cap_from_name(name);
		if (cap < 0)
			goto bad;
		*mask |= 1ULL << cap;
		p += len;
		if (*p == ',')
			p++;
		continue;
	bad:
		return sc_err_msg(
			err, -EINVAL, NULL,
			"--caps: \"%.*s\" is not a capability "
			"(use default, effective, docker, all, none or "
			"CAP_X,...)",
			(int)(len > 40 ? 40 : len), p);
	}
	return 0;
}

int sc_caps_parse(const char *spec, uint64_t *mask, struct sc_err *err)
{
	int rc;

	if (!spec || !*spec || strcmp(spec, "default") == 0) {
		rc = caps_effective(mask, err);
		*mask &= caps_docker();
		return rc;
	}
	if (strcmp(spec, "effective") == 0)
		return caps_effective(mask, err);
	if (strcmp(spec, "all") == 0) {
		*mask = N_CAPS == 64 ? ~0ULL : (1ULL << N_CAPS) - 1;
		return 0;
	}
	if (strcmp(spec, "none") == 0) {
		*mask = 0;
		return 0;
	}
	if (strcmp(spec, "docker") == 0) {
		*mask = caps_docker();
		return 0;
	}
	return caps_list(spec, mask, err);
}

uint64_t sc_caps_keep(const char *spec, uint64_t mask)
{
	if (spec &&
	    (strcmp(spec, "effective") == 0 || strcmp(spec, "all") == 0))
		return SC_CAPS_KEEP_ALL;
	return mask;
}

const char *sc_cap_name(unsigned cap)
{
	return cap < N_CAPS ? cap_names[cap] : NULL;
}

static const char *cap_name(int cap)
{
	return sc_cap_name((unsigned)cap) ?: "a capability";
}

/* "cannot lower @what@where: ..." */
static int limit_err(const char *what, const char *where, struct sc_err *err)
{
	int e = errno;

	return sc_err_msg(err, -e, NULL,
			  "cannot lower %s%s: %s; the filter's rules assume "
			  "the command has only the --caps set (allow prctl "
			  "and capset where syscage runs, or use --caps "
			  "effective to keep every capability)",
			  what, where, strerror(e));
}

/* The bounding set needs CAP_SETPCAP to shrink. Without it the process is
 * not root-like: under no_new_privs execve cannot raise the permitted set
 * past what it holds, so the capset below is the limit that counts. */
static int limit_bounding(uint64_t keep, uint64_t eff, struct sc_err *err)
{
	if (!(eff & 1ULL << CAP_SETPCAP))
		return 0;
	/* Dropped without reading first (dropping what is gone succeeds):
	 * one call per capability, not two. EINVAL: past the kernel's last. */
	for (int cap = 0; cap < 64; cap++) {
		if (keep & 1ULL << cap)
			continue;
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) == 0)
			continue;
		if (errno == EINVAL)
			break;
		return limit_err(cap_name(cap), " in the bounding set", err);
	}
	return 0;
}

static int limit_ambient(uint64_t keep, struct sc_err *err)
{
	if (keep == 0) {
		/* EINVAL: a kernel without ambient capabilities (< 4.3). */
		if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) <
			    0 &&
		    errno != EINVAL)
			return limit_err("the ambient set", "", err);
		return 0;
	}
	for (int cap = 0; cap < 64; cap++) {
		int r = prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, cap, 0, 0);

		if (r < 0)
			break;
		if (r == 1 && !(keep & 1ULL << cap) &&
		    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_LOWER, cap, 0, 0) < 0)
			return limit_err(cap_name(cap), " in the ambient set",
					 err);
	}
	return 0;
}

int sc_caps_limit(uint64_t keep, struct sc_err *err)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2] = { { 0 } };
	struct sets s;
	int rc;

	if (keep == SC_CAPS_KEEP_ALL)
		return 0;
	rc = caps_get(&s, err);
	if (rc == 0)
		rc = limit_bounding(keep, s.eff, err);
	/* Ambient capabilities are permitted and inheritable ones. */
	if (rc == 0 && s.prm & s.inh & ~keep)
		rc = limit_ambient(keep, err);
	if (rc < 0 || !((s.eff | s.prm | s.inh) & ~keep))
		return rc;
	/* Only ever lowered: capset needs no capability for that. */
	s.eff &= keep, s.prm &= keep, s.inh &= keep;
	for (int i = 0; i < 2; i++)
		data[i] = (struct __user_cap_data_struct){
			(uint32_t)(s.eff >> 32 * i),
			(uint32_t)(s.prm >> 32 * i), (uint32_t)(s.inh >> 32 * i)
		};
	if (syscall(SYS_capset, &hdr, data) < 0)
		return limit_err(
			"the permitted, effective and inheritable sets", "",
			err);
	return 0;
}

enum sc_caps_kind sc_caps_kind_of(const char *spec)
{
	if (!spec || !*spec || strcmp(spec, "default") == 0)
		return SC_CAPS_DEFAULT;
	return strcmp(spec, "effective") == 0 ? SC_CAPS_EFFECTIVE
					      : SC_CAPS_FIXED;
}
