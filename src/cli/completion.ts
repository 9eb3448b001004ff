import type { Options } from 'yargs';

/**
 * A bash completion script (zsh loads it through bashcompinit), made from the
 * option table and each command's own options, so it never falls behind them.
 * It completes `ftp-doctor …` and `npx ftp-doctor …` (the README's way of
 * running it; npx's own completion, if there is one, is left alone). It runs
 * no ftp-doctor process while completing.
 */
export function completionScript(
  options: Record<string, Options>,
  commandOptions: Record<string, readonly string[]>,
  codes: readonly string[],
): string {
  const commands = Object.keys(commandOptions);
  const flagsOf = (names: readonly string[]): string => [...names.map((name) => `--${name}`), '--help'].join(' ');
  const perCommand = Object.entries(commandOptions).map(
    ([command, names]) => `    ${command}) flags="${flagsOf(names)}" ;;`,
  );
  const choices = Object.entries(options)
    .filter(([, option]) => Array.isArray(option.choices))
    .map(
      ([name, option]) =>
        `    --${name}) COMPREPLY=($(compgen -W "${(option.choices as string[]).join(' ')}" -- "$cur")); return ;;`,
    );
  return `###-begin-ftp-doctor-completions-###
# bash: source <(npx ftp-doctor completion)   zsh: autoload -U bashcompinit && bashcompinit && source <(npx ftp-doctor completion)
_ftp_doctor_completions() {
  local first=0
  # "npx ftp-doctor …": the words after npx are ftp-doctor's.
  if [[ "\${COMP_WORDS[0]##*/}" == npx ]]; then
    [[ "\${COMP_WORDS[1]}" == ftp-doctor && $COMP_CWORD -ge 2 ]] || return 0
    first=1
  fi
  local cur="\${COMP_WORDS[COMP_CWORD]}"
  local prev="\${COMP_WORDS[COMP_CWORD-1]}"
  local word="\${COMP_WORDS[first+1]}"
  local command=probe
  case "$word" in
    ${commands.join('|')}) command="$word" ;;
  esac
  case "$prev" in
${choices.join('\n')}
    --modes) COMPREPLY=($(compgen -W "passive epsv active eprt all passive,epsv active,eprt" -- "$cur")); return ;;
    --output|--password-file|--netrc-file|--config|--firewall|--cert|--key) COMPREPLY=($(compgen -f -- "$cur")); return ;;
  esac
  local flags
  case "$command" in
${perCommand.join('\n')}
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$flags --version" -- "$cur"))
  elif [[ $COMP_CWORD -eq $((first+1)) ]]; then
    COMPREPLY=($(compgen -W "${commands.join(' ')}" -- "$cur"))
  elif [[ "$command" == explain ]]; then
    COMPREPLY=($(compgen -W "${codes.join(' ')}" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o default -F _ftp_doctor_completions ftp-doctor
complete -p npx >/dev/null 2>&1 || complete -o default -F _ftp_doctor_completions npx
###-end-ftp-doctor-completions-###
`;
}
