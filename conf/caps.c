/* Capability names and sets. Docker resolves capability-conditional rules
 * against the container's bounding set; outside a container the set that
 * matters is what the process could do anyway: its effective set. */
#include "caps.h"

#include <errno.h>
#include <linux/capability.h>
#include <string.h>
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

#define N_CAPS (sizeof(cap_names) / sizeof(cap_names[0]))

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

static int caps_effective(uint64_t *mask, struct sc_err *err)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2] = { { 0 } };

	if (syscall(SYS_capget, &hdr, data) < 0)
		return sc_err_set(err, -errno, NULL, 0, 0,
				  "cannot read this process's capabilities: %s",
				  strerror(errno));
	*mask = (uint64_t)data[1].effective << 32 | data[0].effective;
	return 0;
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
		return sc_err_set(
			err, -EINVAL, NULL, 0, 0,
			"--caps: \"%.*s\" is not a capability "
			"(use effective, docker, all, none or CAP_X,...)",
			(int)(len > 40 ? 40 : len), p);
	}
	return 0;
}

int sc_caps_parse(const char *spec, uint64_t *mask, struct sc_err *err)
{
	if (!spec || !*spec || strcmp(spec, "effective") == 0)
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
		*mask = 0;
		for (unsigned i = 0;
		     i < sizeof(docker_caps) / sizeof(*docker_caps); i++)
			*mask |= 1ULL << sc_cap_from_name(docker_caps[i]);
		return 0;
	}
	return caps_list(spec, mask, err);
}
