# bash completion for lifecircle (installed as share/bash-completion/completions/lifecircle).
# Commands and options are read from the program's own `--help` when TAB is
# pressed, so they never go stale: `lifecircle --help` lists the commands
# (its "Subcommands:" block) and `lifecircle CMD --help` each command's options.
# Option values: the choices a help line names ("TEXT:zh|en", "geojson | gpkg |
# shp"), profile names for --profile, nothing for numbers, paths otherwise.

# The commands of `lifecircle --help`.
_lifecircle_commands() {
    "$1" --help 2>/dev/null | awk '/^Subcommands:/ { on = 1; next } on && /^  [a-z]/ { print $1 }'
}

# The help lines of `lifecircle CMD --help` that name options, one per option.
_lifecircle_option_lines() {
    "$1" "$2" --help 2>/dev/null | grep -E '^ +(-[A-Za-z0-9],)?--[A-Za-z0-9]'
}

# The profile names of `lifecircle profiles` (the table's first column).
_lifecircle_profiles() {
    "$1" profiles 2>/dev/null | awk '/^--/ { on = 1; next } on && NF { print $1 }'
}

_lifecircle() {
    local cur prev prog cmd i word
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    prog=${COMP_WORDS[0]}
    prog=${prog/#\~/$HOME}
    command -v "$prog" >/dev/null 2>&1 || prog=lifecircle
    COMPREPLY=()

    # The command: the first word after the program that is not an option.
    cmd=""
    for ((i = 1; i < COMP_CWORD; i++)); do
        word=${COMP_WORDS[i]}
        if [[ $word != -* ]]; then cmd=$word; break; fi
    done
    if [[ -z $cmd ]]; then
        if [[ $cur == -* ]]; then
            mapfile -t COMPREPLY < <(compgen -W "--help --version" -- "$cur")
        else
            mapfile -t COMPREPLY < <(compgen -W "$(_lifecircle_commands "$prog")" -- "$cur")
        fi
        return 0
    fi

    local lines
    lines=$(_lifecircle_option_lines "$prog" "$cmd")
    # The value of the option before the cursor, when it takes one.
    if [[ $prev == --* && $cur != -* ]]; then
        local line rest type="" choices
        line=$(grep -E -m1 -- "^ +(-[A-Za-z0-9],)?${prev}( |\$)" <<<"$lines")
        # "  --format TEXT=geojson   Layer format: geojson | gpkg | shp": one space
        # then the value's type; a flag has none (the description is further out).
        rest=${line#*"$prev"}
        if [[ $rest =~ ^\ ([^ ]+) ]]; then type=${BASH_REMATCH[1]}; fi
        if [[ -n $line ]]; then
            case $type in
                "" ) ;;  # a flag: fall through to options and paths
                INT* | UINT* | FLOAT*) return 0 ;;
                *)
                    if [[ $prev == --profile ]]; then
                        mapfile -t COMPREPLY < <(compgen -W "$(_lifecircle_profiles "$prog")" -- "$cur")
                        [[ ${#COMPREPLY[@]} -gt 0 ]] && return 0
                    fi
                    if [[ $type == *:*\|* ]]; then
                        choices=${type#*:}; choices=${choices//|/ }
                    else
                        choices=$(grep -oE '[a-z0-9-]+( \| [a-z0-9-]+)+' <<<"$rest" | head -n1 | tr -d '|')
                    fi
                    if [[ -n $choices ]]; then
                        mapfile -t COMPREPLY < <(compgen -W "$choices" -- "$cur")
                    else
                        compopt -o filenames 2>/dev/null
                        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
                    fi
                    return 0
                    ;;
            esac
        fi
    fi
    if [[ $cur == -* ]]; then
        local options
        options=$(sed -nE 's/^ +(-[A-Za-z0-9],)?(--[A-Za-z0-9][A-Za-z0-9-]*).*/\2/p' <<<"$lines")
        mapfile -t COMPREPLY < <(compgen -W "$options" -- "$cur")
    elif [[ $cmd == profiles ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$(_lifecircle_profiles "$prog")" -- "$cur")
    else
        compopt -o filenames 2>/dev/null
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
    fi
    return 0
}

complete -F _lifecircle lifecircle
