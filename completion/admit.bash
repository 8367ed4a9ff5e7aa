# bash completion for admit(1).  Installed as
# PREFIX/share/bash-completion/completions/admit; the options of each command
# are those its --help lists (tests/e2e/cli_consistency.py checks that they agree).

_admit_options() {
  case $1 in
    check)    echo "--format --lang --as-of --verbose -v --color --rules --plugins --profile --profiles --trust --require-signed --registry --holidays --help -h" ;;
    timeline) echo "--format --lang --as-of --holidays --rules --plugins --profile --profiles --trust --require-signed --help -h" ;;
    rules)    echo "--format --lang --date --profile --profiles --trust --require-signed --rules --plugins --help -h" ;;
    test)     echo "--format --lang --coverage-min --coverage-state --as-of --rules --plugins --registry --holidays --profile --profiles --trust --require-signed --help -h" ;;
    calendar) echo "--format --lang --holidays --leap --plugins --help -h" ;;
    validate) echo "--format --lang --as-of --rules --help -h" ;;
    fmt)      echo "--write -w --lang --help -h" ;;
    init)     echo "--stage --output -o --lang --help -h" ;;
    audit)    echo "--out --jobs -j --full --resume --force --progress --plan --compare-profile --as-of --lang --rules --plugins --profile --profiles --trust --require-signed --registry --holidays --help -h" ;;
    registry) echo "--registry --lang --plugins --help -h" ;;
    serve)    echo "--listen --threads --token-file --insecure --tls-cert --tls-key --lang --rules --plugins --profile --profiles --trust --require-signed --registry --holidays --help -h" ;;
    pack)     echo "--lang --trust --profiles --rules --plugins --help -h" ;;
    version)  echo "--format --lang --rules --plugins --registry --holidays --help -h" ;;
    help)     echo "--lang" ;;
  esac
}

_admit() {
  local cur prev cmd i
  COMPREPLY=()
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD-1]}
  local commands="check timeline validate fmt rules test init audit calendar registry serve pack version help"

  # The command is the first word after "admit" that is not an option.
  cmd=
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${COMP_WORDS[i]} in
      -*) ;;
      *) cmd=${COMP_WORDS[i]}; break ;;
    esac
  done

  # The value of the option before the cursor.
  case $prev in
    --format)
      if [ "$cmd" = check ]; then
        COMPREPLY=($(compgen -W "text json jsonl html" -- "$cur"))
      else
        COMPREPLY=($(compgen -W "text json" -- "$cur"))
      fi
      return ;;
    --lang) COMPREPLY=($(compgen -W "vi en" -- "$cur")); return ;;
    --color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
    --profile) COMPREPLY=($(compgen -W "central" -- "$cur")); return ;;
    --rules|--profiles|--trust) COMPREPLY=($(compgen -d -- "$cur")); return ;;
    --plugins|--holidays) COMPREPLY=($(compgen -d -- "$cur") $(compgen -W "none" -- "$cur")); return ;;
    --registry|--coverage-state|--plan) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    --as-of|--date|--coverage-min) return ;;
    --stage)
      COMPREPLY=($(compgen -W "preparation probation branch_vote grassroots_vote decision ceremony" -- "$cur"))
      return ;;
    --output|-o) COMPREPLY=($(compgen -f -- "$cur")); return ;;
  esac

  if [ -z "$cmd" ]; then
    COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
    return
  fi
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$(_admit_options "$cmd")" -- "$cur"))
    return
  fi
  case $cmd in
    help) COMPREPLY=($(compgen -W "$commands" -- "$cur")) ;;
    init) COMPREPLY=($(compgen -W "admission recognition" -- "$cur")) ;;
    rules)
      if [ "$prev" = rules ]; then
        COMPREPLY=($(compgen -W "list show" -- "$cur"))
      fi ;;
    pack)
      if [ "$prev" = pack ]; then
        COMPREPLY=($(compgen -W "build verify" -- "$cur"))
      else
        COMPREPLY=($(compgen -d -- "$cur"))
      fi ;;
    calendar)
      if [ "$prev" = calendar ]; then
        COMPREPLY=($(compgen -W "lunar solar holidays add-working-days working-days" -- "$cur"))
      fi ;;
    registry)
      if [ "$prev" = registry ]; then
        COMPREPLY=($(compgen -W "init import" -- "$cur"))
      else
        COMPREPLY=($(compgen -f -- "$cur"))
      fi ;;
    check|timeline|test|validate|fmt)
      COMPREPLY=($(compgen -f -- "$cur")) ;;
  esac
}

complete -o filenames -F _admit admit
