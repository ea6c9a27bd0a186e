#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The cases below are the examples' text, $P and all: nothing expands.
# shellcheck disable=SC2016
# Every example command of README.md, syscage(1) and syscage-profile(5) is
# taken from the text (so the two cannot drift) and run against the build
# tree, as root and as nobody, with what the text around it claims checked.
#
# What counts as an example: in README.md, every line of a ```sh block, and
# in any other fenced block (not ```ini: the profiles are run by
# ini_cli.sh and profiles_use.sh) a line "$ CMD" (the lines after it, up to
# the next "$" or the end, are its output) or a line that starts a command
# (syscage, bwrap, sudo, VAR=VALUE CMD); in the man pages, the same kinds of
# lines between .EX and .EE. A marker says what else to do:
#   README: an HTML comment on the line before the block's fence, for the
#           whole block; man pages: a roff comment before the command line:
#   <!-- not run: REASON -->     .\" not run: REASON   a SKIP with REASON
#   <!-- shape only: REASON -->                        checked, not run
#   <!-- synopsis: REASON -->                          its options are each
#                                                      in SUBCOMMAND --help
# Each runnable command needs its own case in `check_example` below: a new
# example with neither a test nor a reason fails here, and so does a case
# whose example is gone from the text.
#
# Run from a scratch directory W (one per user) that has what the examples
# name: tests -> the repository's tests, build -> the build tree,
# default-no-chmod.json (Docker's lab), app.ini (the profile example of
# syscage-profile(5)) and app.json (the same, exported), and on PATH the
# build's syscage and `app`, a shell script that prints its own seccomp mode
# with builtins only (some profiles start no process). Replaced in the
# text: the installed shim (/usr/local/lib/syscage/libsyscage.so) by the
# build's, /tmp/x and /etc/syscage/app.json by files in W.
. tests/lib.sh

TAB=$(printf '\t')

# extract: "FILE:LINE<TAB>MARK<TAB>TEXT" per example line, MARK one of run,
# out (an output line of the "$" example before it), not run: REASON,
# shape only: REASON, synopsis: REASON.
extract_readme() {
	awk -v f=README.md '
	function cmd(s) {
		return s ~ /^(sudo |bwrap |([A-Z_][A-Z0-9_]*=[^ ]* )+[^ ]|(\.?\/?[^ ]*\/)?syscage( |$))/
	}
	# A fence may be indented (a block in a list item): so are its lines.
	/^ *```/ {
		if (!inb) {
			inb = 1; ind = index($0, "`") - 1
			lang = substr($0, ind + 4); mark = pend; out = 0; next
		}
		inb = 0; pend = ""; next
	}
	!inb {
		if ($0 ~ /^ *<!-- [a-z ]+: .* -->$/) {
			pend = $0; sub(/^ *<!-- /, "", pend); sub(/ -->$/, "", pend)
		} else if ($0 != "") pend = ""
		next
	}
	{ $0 = substr($0, ind + 1) }
	lang == "ini" { next }
	mark ~ /^synopsis:/ { if ($0 ~ /^syscage /) print f ":" NR "\t" mark "\t" $0; next }
	/^\$ / { print f ":" NR "\t" (mark ? mark : "run") "\t" substr($0, 3); out = 1; next }
	lang == "sh" && $0 !~ /^(#|$)/ || cmd($0) {
		print f ":" NR "\t" (mark ? mark : "run") "\t" $0; out = 0; next
	}
	out { print f ":" NR "\tout\t" $0 }
	' README.md
}

extract_man() { # extract_man FILE
	awk -v f="$1" '
	function cmd(s) {
		return s ~ /^(sudo |bwrap |([A-Z_][A-Z0-9_]*=[^ ]* )+[^ ]|(\.?\/?[^ ]*\/)?syscage( |$))/
	}
	/^\.EX/ { inb = 1; next }
	/^\.EE/ { inb = 0; next }
	!inb { next }
	/^\.\\" [a-z ]+: / { pend = substr($0, 5); next }
	{
		s = $0
		gsub(/\\-/, "-", s); gsub(/\\\(aq/, "\047", s); gsub(/\\e/, "\\", s)
		gsub(/\\f[BIRP]/, "", s); gsub(/\\&/, "", s)
	}
	s ~ /^\$ / { print f ":" NR "\t" (pend ? pend : "run") "\t" substr(s, 3); pend = ""; out = 1; next }
	cmd(s) { print f ":" NR "\t" (pend ? pend : "run") "\t" s; pend = ""; out = 0; next }
	out { print f ":" NR "\tout\t" s }
	' "$1"
}

{
	extract_readme
	extract_man man/syscage.1
	extract_man man/syscage-profile.5
} >"$T/examples"
like "$(cut -f3 "$T/examples")" "^\./build/syscage -p \\\$P/deny.json" \
	"the examples are found (the lab's deny.json line among them)"

# The users to run as: root (when we are) and nobody. Each gets a work
# directory of its own.
setup_work() { # setup_work DIR
	mkdir -p "$1/bin"
	ln -s "$ROOT/tests" "$1/tests"
	ln -s "$B" "$1/build"
	ln -s "$SYSCAGE" "$1/bin/syscage"
	cp "$ROOT/tests/data/profiles/docker-labs/default-no-chmod.json" "$1/"
	sed -n '/^\.SS Example/,/^\.EE/p' "$ROOT/man/syscage-profile.5" |
		sed '1,2d;$d' >"$1/app.ini"
	"$SYSCAGE" -q export --format json "$1/app.ini" >"$1/app.json"
	cat >"$1/bin/app" <<-'EOF'
	#!/bin/sh
	while read -r l; do
		case $l in Seccomp:*) echo "$l" ;; esac
	done </proc/self/status
	EOF
	chmod 755 "$1/bin/app"
}

# doc_run SHELL TEXT: runs the example as WHO in W, with the replacements.
doc_run() {
	_sh=$1
	_c=$(printf '%s\n' "$2" | sed -e "s#/usr/local/lib/syscage/libsyscage.so#$SHIM#g" \
		-e "s#/tmp/x#$W/x#g" -e "s#/etc/syscage/app.json#$W/app.json#g")
	set -- env -C "$W" HOME="$W" PATH="$W/bin:$PATH" SYSCAGE_CACHE="$W/cache" \
		"$_sh" -c "${STDIN:+exec <$STDIN; }$PRELUDE$_c"
	if [ "$WHO" = nobody ]; then
		run nobody "$@"
	else
		run "$@"
	fi
	# The scratch paths back as the text has them; pids as [PID].
	OUT=$(printf '%s\n' "$OUT" | sed -e "s#$W/#/tmp/#g" -e 's/\[[0-9]*\]/[PID]/g')
	ERR=$(printf '%s\n' "$ERR" | sed -e "s#$W/#/tmp/#g" -e 's/\[[0-9]*\]/[PID]/g')
}

# Every output line the text shows is printed, and no other line.
same_lines() { # same_lines WHAT
	_want=$(printf '%s\n' "$EXPECT" | sed 's/\[[0-9]*\]/[PID]/g' | sort)
	_got=$(printf '%s\n%s\n' "$OUT" "$ERR" | grep -v '^$' | sort)
	is "$_got" "$_want" "$1: prints the lines the text shows"
}

no_denial() { # no_denial WHAT
	unlike "$ERR" "syscage: denied" "$1: nothing denied"
}

check_example() { # check_example WHERE TEXT
	w="$WHO, $1: $2"
	case $2 in
	'sh .ci/deps && make && ./build/syscage -- sh -c '\''echo hello from inside the default profile; ls /'\''')
		ok "$(sh -n "$ROOT/.ci/deps" 2>&1 && echo 0 || echo 1)" "$w: .ci/deps parses"
		doc_run sh "${2#sh .ci/deps && make && }"
		is "$RC" 0 "$w: the command after make runs"
		like "$OUT" "^hello from inside the default profile$" "$w: says hello"
		like "$OUT" "^tmp$" "$w: lists /"
		;;
	'sh .ci/deps && make check')
		ok "$(grep -Eq '^check:' "$ROOT/Makefile" && echo 0 || echo 1)" \
			"$w: the Makefile has check"
		like "$(cat "$ROOT/tests/run")" 'echo "\$\{passed:-0\} passed, \$\{failed:-0\} failed"' \
			"$w: the suite ends with N passed, N failed"
		;;
	'LD_PRELOAD=/usr/local/lib/syscage/libsyscage.so SYSCAGE_PROFILE=/etc/syscage/app.json app' | \
		'LD_PRELOAD=/usr/local/lib/syscage/libsyscage.so SYSCAGE_PROFILE=http-server app')
		doc_run sh "$2"
		is "$RC:$OUT" "0:Seccomp:	2" "$w: app runs under a filter"
		is "$ERR" "" "$w: nothing said"
		;;
	'syscage -p default-no-chmod.json -- chmod 777 /tmp/x')
		: >"$W/x"
		[ "$WHO" = root ] || chown 65534:65534 "$W/x"
		doc_run sh "$2"
		is "$RC" 1 "$w: chmod fails"
		like "$ERR" "^syscage: denied: chmod\[PID\]: fchmodat\(AT_FDCWD, \"/tmp/x\", 0777\): errno EPERM, by default-no-chmod.json: the default action" \
			"$w: the denial is reported"
		like "$ERR" "Operation not permitted" "$w: chmod sees EPERM"
		[ -z "$EXPECT" ] || same_lines "$w"
		;;
	'syscage which -v http-server')
		doc_run sh "$2"
		is "$RC:$OUT" "0:$ROOT/conf/profiles/http-server.ini" \
			"$w: the build tree's http-server"
		like "$ERR" "conf/profiles \(build tree\)" "$w: -v says where it looked"
		;;
	'syscage check ./app.ini')
		doc_run sh "$2"
		is "$RC" 0 "$w: syscage-profile(5)'s example passes check"
		like "$OUT" "^\./app\.ini: ok: [0-9]+ instructions" "$w: ok"
		is "$ERR" "" "$w: no warning"
		;;
	'syscage explain http-server connect')
		doc_run sh "$2"
		is "$RC" 0 "$w: explains"
		like "$OUT" "^decision: errno EACCES$" "$w: connect is denied (EACCES)"
		like "$OUT" "^rule: $ROOT/conf/profiles/http-server.ini:[0-9]+: errno EACCES connect$" \
			"$w: by the build tree's http-server.ini, with its line"
		;;
	'syscage explain default socket AF_PACKET SOCK_RAW')
		doc_run sh "$2"
		is "$RC" 0 "$w: explains"
		like "$OUT" "^call: socket\(AF_PACKET, SOCK_RAW\) on [a-z0-9_]+, number [0-9]+$" \
			"$w: the call, by name"
		like "$OUT" "^rule: default:[0-9]+: allow socket: arg0 < AF_ALG$" \
			"$w: Docker's default allows it, with its rule"
		;;
	'syscage diff default ./app.json')
		doc_run sh "$2"
		is "$RC" 1 "$w: the profiles differ (status 1)"
		like "$OUT" "^chmod: allow -> errno EPERM$" "$w: a line per call"
		;;
	'syscage export --format oci --caps docker default > seccomp.json')
		rm -f "$W/seccomp.json"
		doc_run sh "$2"
		is "$RC" 0 "$w: exports"
		like "$(head -c 200 "$W/seccomp.json")" '"defaultAction": "SCMP_ACT_ERRNO"' \
			"$w: seccomp.json is the linux.seccomp object"
		;;
	'bwrap --ro-bind / / --seccomp 9 sh 9< <(syscage export --format bpf default)')
		if ! command -v bwrap >/dev/null || ! command -v bash >/dev/null; then
			skip "$w: needs bwrap and bash"
			return
		fi
		doc_run sh 'bwrap --ro-bind / / true'
		if [ "$RC" -ne 0 ]; then
			skip "$w: bwrap cannot run here ($ERR)"
			return
		fi
		# The sh it starts reads its commands from stdin: app's.
		STDIN=$W/bin/app
		doc_run bash "$2"
		STDIN=
		is "$RC:$OUT" "0:Seccomp:	2" "$w: bwrap runs sh under the exported filter"
		;;
	'P=tests/data/profiles/docker-labs')
		PRELUDE="$2; "
		ok 0 "$w: sets P"
		;;
	'touch /tmp/x')
		rm -f "$W/x"
		doc_run sh "$2"
		ok "$RC" "$w"
		;;
	'./build/syscage -p $P/default-no-chmod.json -- chmod 777 /tmp/x   # Operation not permitted')
		doc_run sh "$2"
		is "$RC" 1 "$w: chmod fails"
		like "$ERR" "^chmod: .*Operation not permitted$" "$w: Operation not permitted"
		like "$ERR" "^syscage: denied: chmod\[PID\]: fchmodat" "$w: reported"
		;;
	'./build/syscage -p $P/default.json -- sh -c '\''chmod 777 /tmp/x && ls -l /tmp/x'\''')
		doc_run sh "$2"
		is "$RC" 0 "$w: runs"
		like "$OUT" "^-rwxrwxrwx .* /tmp/x$" "$w: the mode is changed"
		no_denial "$w"
		;;
	'./build/syscage -p $P/deny.json -- ls /       # refused: exit status 125, see below')
		doc_run sh "$2"
		is "$RC:$OUT" "125:" "$w: refused with 125, nothing runs"
		like "$ERR" "the profile denies exit_group: no program can run, or even exit, under it" \
			"$w: with the line the text below quotes"
		;;
	'./build/syscage -p $P/allow.json -- ls /')
		doc_run sh "$2"
		is "$RC" 0 "$w: runs"
		like "$OUT" "^tmp$" "$w: lists /"
		no_denial "$w"
		;;
	*)
		_tap_result 1 "$w: an example with no test in tests/doc_examples.sh and no 'not run' reason"
		;;
	esac
}

# The README's synopsis: every option it shows for a subcommand is in that
# subcommand's --help (the loader's own for the first line).
synopsis() { # synopsis WHERE TEXT
	set -f
	# shellcheck disable=SC2086
	set -- "$1" $2
	set +f
	_where=$1
	shift 2
	case $1 in
	-* | \[*) _sub= ;;
	*) _sub=$1 ;;
	esac
	# shellcheck disable=SC2086 # no subcommand: the loader's own help
	_help=$("$SYSCAGE" $_sub --help 2>&1)
	_line="$*"
	# The rest of the loader's line is on the next one.
	[ -n "$_sub" ] || _line="$_line $SYNOPSIS_MORE"
	for _o in $(printf '%s\n' "$_line" | grep -oE '(^|[ [|])--?[a-z][a-z-]*' |
		sed 's/^[ [|]//' | sort -u); do
		printf '%s\n' "$_help" | grep -qE -- "(^|[^a-z-])$_o([^a-z-]|\$)" ||
			_tap_result 1 "$_where: syscage $_sub: $_o is not in its --help"
	done
	ok 0 "$_where: syscage ${_sub:-COMMAND}: the options shown are in its --help"
}
SYNOPSIS_MORE=$(sed -n '/^syscage \[-p PROFILE\]/{n;p;}' README.md)

for WHO in root nobody; do
	if [ "$WHO" = root ] && [ "$(id -u)" -ne 0 ]; then
		skip "root: not root"
		continue
	fi
	W=$T/w-$WHO
	mkdir -p "$W"
	setup_work "$W"
	[ "$WHO" = root ] || chown -R 65534:65534 "$W"
	PRELUDE=
	EXPECT=
	pending=
	while :; do
		if IFS=$TAB read -r where mark text <&3; then
			if [ "$mark" = out ]; then
				EXPECT="$EXPECT${EXPECT:+
}$text"
				continue
			fi
		else
			where='' mark=EOF
		fi
		if [ -n "$pending" ]; then
			check_example "$pwhere" "$pending"
			pending=
		fi
		EXPECT=
		case $mark in
		EOF) break ;;
		run)
			pending=$text pwhere=$where
			;;
		'not run: '*) skip "$WHO, $where: $text: ${mark#not run: }" ;;
		'shape only: '*) check_example "$where" "$text" ;;
		'synopsis: '*) [ "$WHO" = nobody ] || synopsis "$where" "$text" ;;
		*) _tap_result 1 "$where: unknown marker '$mark'" ;;
		esac
	done 3<"$T/examples"
done

# Every case above has its example in the text.
sed -n "s/^	*'\(.*\)')$/\1/p; s/^	*'\(.*\)' | \\\\$/\1/p" "$0" |
	sed "s/'\\\\''/'/g" >"$T/cases"
while IFS= read -r c; do
	grep -qF -- "$TAB$c" "$T/examples" ||
		_tap_result 1 "tests/doc_examples.sh has a case for an example no longer in the text: $c"
done <"$T/cases"
ok 0 "every case's example is in the text ($(grep -c '' "$T/cases") cases)"

done_testing
