# SPDX-License-Identifier: Apache-2.0
# bash completion for syscage(1): subcommands, options, profile names (what
# `syscage which` lists), export formats, syscall groups and names.
# Installed as $(DATADIR)/bash-completion/completions/syscage.

# The syscage being completed, as typed (so a build tree's works too).
_syscage_bin()
{
	local bin=${COMP_WORDS[0]}

	bin=${bin/#\~/$HOME}
	command -v -- "$bin" >/dev/null 2>&1 || bin=syscage
	printf '%s\n' "$bin"
}

# Profile names, then profile files and directories.
_syscage_profiles()
{
	local names
	local IFS=$'\n'

	names=$("$(_syscage_bin)" which 2>/dev/null | cut -f1)
	COMPREPLY+=($(compgen -W "$names" -- "$cur"))
	if [[ $cur == */* || $cur == .* || -z $cur ]] || ((${#COMPREPLY[@]} == 0)); then
		compopt -o filenames 2>/dev/null
		COMPREPLY+=($(compgen -d -- "$cur"))
		COMPREPLY+=($(compgen -f -X '!*.@(json|ini)' -- "$cur"))
	fi
}

_syscage_groups()
{
	"$(_syscage_bin)" syscalls 2>/dev/null | while read -r g _; do
		printf '%s\n' "$g"
	done
}

# Every call some group holds: enough to complete the usual names.
_syscage_calls()
{
	local g bin

	bin=$(_syscage_bin)
	for g in $(_syscage_groups); do
		"$bin" syscalls "$g" 2>/dev/null
	done | sort -u
}

_syscage_caps()
{
	COMPREPLY+=($(compgen -W "default effective docker all none CAP_CHOWN
		CAP_DAC_OVERRIDE CAP_DAC_READ_SEARCH CAP_FOWNER CAP_KILL
		CAP_NET_ADMIN CAP_NET_RAW CAP_SYS_ADMIN CAP_SYS_BOOT
		CAP_SYS_CHROOT CAP_SYS_MODULE CAP_SYS_NICE CAP_SYS_PTRACE
		CAP_SYS_RAWIO CAP_SYS_TIME CAP_SYSLOG CAP_BPF CAP_PERFMON" \
		-- "$cur"))
}

# Completes an option's value; returns 1 when @1 takes none.
_syscage_value()
{
	case $1 in
	-p | --profile) _syscage_profiles ;;
	--caps) _syscage_caps ;;
	--format)
		if [[ $sub == record ]]; then
			COMPREPLY=($(compgen -W "ini json" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "bpf pfc json ini oci" -- "$cur"))
		fi
		;;
	-o | --output | --log | --base)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -f -- "$cur"))
		;;
	*) return 1 ;;
	esac
	return 0
}

# Operands of subcommand @1, the @2-th one being completed (from 1).
_syscage_operand()
{
	case $1 in
	check | export) ((${2} == 1)) && _syscage_profiles ;;
	diff) ((${2} <= 2)) && _syscage_profiles ;;
	explain)
		if ((${2} == 1)); then
			_syscage_profiles
		elif ((${2} == 2)); then
			COMPREPLY=($(compgen -W "$(_syscage_calls)" -- "$cur"))
		fi
		;;
	syscalls)
		((${2} == 1)) &&
			COMPREPLY=($(compgen -W "$(_syscage_groups)" -- "$cur"))
		;;
	which)
		((${2} == 1)) && COMPREPLY=($(compgen -W \
			"$("$(_syscage_bin)" which 2>/dev/null | cut -f1)" -- "$cur"))
		;;
	esac
}

# The options subcommand @1 takes (none: the run, and the global ones):
# each subcommand's own table in loader/, and nothing else.
_syscage_options()
{
	local opts q="-q --quiet" prof="--caps --strict --lenient"
	case $1 in
	'') opts="-p --profile $prof $q --complain --log --deny --no-report --help
		--version --" ;;
	check | explain | diff | cache) opts="$prof $q --help" ;;
	export) opts="--format --agent $prof $q --help" ;;
	which) opts="-v --verbose $q --help" ;;
	syscalls) opts="$q --help" ;;
	record) opts="-o --output --format --from-main --from-exec --base
		$q --help --" ;;
	agent) opts="--socket --log --syslog --complain --help" ;;
	status) opts="--json --help" ;;
	esac
	COMPREPLY=($(compgen -W "$opts" -- "$cur"))
}

# The command syscage runs, from word @1 on.
_syscage_command()
{
	if declare -F _command_offset >/dev/null; then
		_command_offset "$1"
	elif (($1 == COMP_CWORD)); then
		COMPREPLY=($(compgen -c -- "$cur"))
	else
		COMPREPLY=($(compgen -f -- "$cur"))
	fi
}

_syscage()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
	local subs="check explain export diff syscalls which record cache"
	subs+=" agent status"
	local sub="" i word n=0 runopt=""

	COMPREPLY=()
	# "--format=o": bash splits at '='.
	if [[ $prev == = ]] && ((COMP_CWORD >= 2)); then
		prev=${COMP_WORDS[COMP_CWORD - 2]}
	elif [[ $cur == = ]]; then
		cur=""
	fi
	for ((i = 1; i < COMP_CWORD; i++)); do
		word=${COMP_WORDS[i]}
		case $word in
		-p | --profile | --caps | --format | -o | --output | --log | --base | \
			--agent | --socket | --deny)
			[[ -z $sub && $word != --caps ]] && runopt=1
			[[ ${COMP_WORDS[i + 1]} == = ]] && ((i++))
			((i++))
			continue
			;;
		--)
			if [[ -z $sub || $sub == record ]]; then
				_syscage_command $((i + 1))
				return 0
			fi
			continue
			;;
		--complain | --no-report)
			[[ -z $sub ]] && runopt=1
			continue
			;;
		-* | =) continue ;;
		esac
		# After a run option, a subcommand's name is an error: a COMMAND.
		if [[ -z $sub && -z $runopt && " $subs " == *" $word "* ]]; then
			sub=$word
		elif [[ -z $sub ]]; then
			_syscage_command "$i"
			return 0
		else
			((n++))
		fi
	done
	_syscage_value "$prev" && return 0
	if [[ $cur == -* ]]; then
		_syscage_options "$sub"
	elif [[ -z $sub && -n $runopt ]]; then
		_syscage_command "$COMP_CWORD"
	elif [[ -z $sub ]]; then
		COMPREPLY=($(compgen -W "$subs" -- "$cur") $(compgen -c -- "$cur"))
	else
		_syscage_operand "$sub" $((n + 1))
	fi
	return 0
}
complete -F _syscage syscage
