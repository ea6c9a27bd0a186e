#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Convert a Docker seccomp profile to the OCI runtime-spec linux.seccomp
object, as moby's profiles/seccomp setupSeccomp does on amd64.

usage: oci_seccomp.py PROFILE [KERNEL_RELEASE]
Prints the JSON object on stdout ("null" where Docker would run unconfined);
exits 2 with a message where Docker would refuse the profile. Capabilities are
Docker's default bounding set. Test tooling, not part of syscage."""
import json, os, re, sys

ARCH = "amd64"                       # goToNative[runtime.GOARCH]
SECCOMP_ARCH = "SCMP_ARCH_X86_64"    # nativeToSeccomp[ARCH]
DOCKER_CAPS = {
    "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD",
    "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP",
    "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
}
# Fields of specs.LinuxSeccomp / specs.LinuxSyscall that moby copies as they are.
SECCOMP_KEYS = ("defaultAction", "defaultErrnoRet", "architectures", "flags",
                "listenerPath", "listenerMetadata")
SYSCALL_KEYS = ("names", "action", "errnoRet", "args")


def kver(s):
    """kernel.ParseRelease: up to three numbers, compared in order."""
    m = re.match(r"(\d+)(?:\.(\d+))?(?:\.(\d+))?", s)
    if not m:
        raise ValueError("bad kernel version %r" % s)
    return tuple(int(x or 0) for x in m.groups())


def convert(prof, kernel, caps=DOCKER_CAPS):
    if not prof.get("defaultAction") and not prof.get("syscalls"):
        return None                  # seccomp disabled
    if prof.get("architectures") and prof.get("archMap"):
        raise ValueError("both 'architectures' and 'archMap' are specified")
    out = {k: prof[k] for k in SECCOMP_KEYS if prof.get(k) is not None}
    for a in prof.get("archMap") or []:
        if a.get("architecture") == SECCOMP_ARCH:
            out["architectures"] = (out.get("architectures", []) + [a["architecture"]]
                                    + (a.get("subArchitectures") or []))
            break
    rules = []
    for call in prof.get("syscalls") or []:
        call = dict(call)
        if call.get("name"):
            if call.get("names"):
                raise ValueError("both 'name' and 'names' are specified")
            call["names"] = [call["name"]]
        ex, inc = call.get("excludes") or {}, call.get("includes") or {}
        if ARCH in (ex.get("arches") or []):
            continue
        if any(c in caps for c in ex.get("caps") or []):
            continue
        if ex.get("minKernel") and kver(ex["minKernel"]) <= kernel:
            continue
        if inc.get("arches") and ARCH not in inc["arches"]:
            continue
        if any(c not in caps for c in inc.get("caps") or []):
            continue
        if inc.get("minKernel") and kver(inc["minKernel"]) > kernel:
            continue
        rules.append({k: call[k] for k in SYSCALL_KEYS if call.get(k) is not None})
    if rules:
        out["syscalls"] = rules
    return out


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    kernel = kver(sys.argv[2] if len(sys.argv) == 3 else os.uname().release)
    try:
        with open(sys.argv[1]) as f:
            res = convert(json.load(f), kernel)
    except ValueError as e:          # json.JSONDecodeError is one too
        print("oci_seccomp: %s: %s" % (sys.argv[1], e), file=sys.stderr)
        sys.exit(2)
    json.dump(res, sys.stdout, indent=1)
    print()
