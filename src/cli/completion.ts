import type { Options } from 'yargs';

export const COMMANDS = ['probe', 'check', 'analyze', 'explain', 'demo', 'completion'] as const;

/**
 * A bash completion script (zsh loads it through bashcompinit), made from the
 * option table, so it never falls behind the options. It runs no ftp-doctor
 * process while completing.
 */
export function completionScript(options: Record<string, Options>, codes: readonly string[]): string {
  const flags = Object.keys(options).map((name) => `--${name}`).concat(['--help', '--version']);
  const choices = Object.entries(options)
    .filter(([, option]) => Array.isArray(option.choices))
    .map(([name, option]) => `    --${name}) COMPREPLY=($(compgen -W "${(option.choices as string[]).join(' ')}" -- "$cur")); return ;;`);
  return `###-begin-ftp-doctor-completions-###
# bash: source <(ftp-doctor completion)   zsh: autoload -U bashcompinit && bashcompinit && source <(ftp-doctor completion)
_ftp_doctor_completions() {
  local cur="\${COMP_WORDS[COMP_CWORD]}"
  local prev="\${COMP_WORDS[COMP_CWORD-1]}"
  case "$prev" in
${choices.join('\n')}
    --modes) COMPREPLY=($(compgen -W "passive epsv active eprt all passive,epsv active,eprt" -- "$cur")); return ;;
    --output|--password-file|--netrc-file) COMPREPLY=($(compgen -f -- "$cur")); return ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "${flags.join(' ')}" -- "$cur"))
  elif [[ $COMP_CWORD -eq 1 ]]; then
    COMPREPLY=($(compgen -W "${COMMANDS.join(' ')}" -- "$cur"))
  elif [[ "\${COMP_WORDS[1]}" == explain ]]; then
    COMPREPLY=($(compgen -W "${codes.join(' ')}" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o default -F _ftp_doctor_completions ftp-doctor
###-end-ftp-doctor-completions-###
`;
}
