#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The Docker seccomp lab (docker/labs, security/seccomp), step by step, on
# plain programs: no container, no daemon. Run from the repository root
# after `make`; each step prints what the lab's step shows.
set -u
S=${SYSCAGE:-./build/syscage}
P=${PROFILES:-tests/data/profiles/docker-labs}
f=$(mktemp)
trap 'rm -f "$f"' EXIT

echo "== step 1: deny.json denies everything; nothing can start under it"
"$S" -p "$P/deny.json" -- sh -c 'echo should not print'
echo "exit status: $?"

echo "== step 2: default-no-chmod.json: chmod is denied"
"$S" -q -p "$P/default-no-chmod.json" -- chmod 777 "$f"
echo "exit status: $?"

echo "== step 3: default.json: chmod works, so does ls -l"
"$S" -q -p "$P/default.json" -- sh -c "chmod 777 '$f' && ls -l '$f' >/dev/null"
echo "exit status: $?"

echo "== step 4: allow.json allows everything"
"$S" -q -p "$P/allow.json" -- sh -c 'echo unconfined in effect'
echo "exit status: $?"
