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

/**
 * The same completion for PowerShell (Windows PowerShell 5.1 and PowerShell 7):
 * a native argument completer for `ftp-doctor` and `npx ftp-doctor`, with its
 * tables inside the script block so that it depends on no variable of the
 * session. Where it offers nothing, PowerShell completes file names.
 */
export function powershellCompletionScript(
  options: Record<string, Options>,
  commandOptions: Record<string, readonly string[]>,
  codes: readonly string[],
): string {
  const list = (items: readonly string[]): string => `@(${items.map((item) => `'${item}'`).join(', ')})`;
  const perCommand = Object.entries(commandOptions).map(
    ([command, names]) => `    '${command}' = ${list([...names.map((name) => `--${name}`), '--help', '--version'])}`,
  );
  const choices = [
    ...Object.entries(options)
      .filter(([, option]) => Array.isArray(option.choices))
      .map(([name, option]) => `    '--${name}' = ${list(option.choices as string[])}`),
    `    '--modes' = ${list(['passive', 'epsv', 'active', 'eprt', 'all', 'passive,epsv', 'active,eprt'])}`,
  ];
  return `# PowerShell: npx ftp-doctor completion powershell | Out-String | Invoke-Expression   (add the line to $PROFILE)
Register-ArgumentCompleter -Native -CommandName 'ftp-doctor', 'npx' -ScriptBlock {
  param($wordToComplete, $commandAst, $cursorPosition)
  $flags = @{
${perCommand.join('\n')}
  }
  $choices = @{
${choices.join('\n')}
  }
  $codes = ${list(codes)}
  $words = @($commandAst.CommandElements | ForEach-Object { $_.ToString() })
  # "npx ftp-doctor ...": the words after npx are ftp-doctor's.
  if ($words[0] -match 'npx(\\.cmd|\\.ps1)?$') {
    if ($words.Count -lt 2 -or $words[1] -ne 'ftp-doctor') { return }
    $words = @($words | Select-Object -Skip 1)
  }
  # The words before the one being completed.
  $before = if ($wordToComplete) { $words.Count - 1 } else { $words.Count }
  $previous = if ($before -ge 1) { $words[$before - 1] } else { '' }
  $command = if ($words.Count -ge 2 -and $flags.ContainsKey($words[1])) { $words[1] } else { 'probe' }
  $candidates = if ($choices.ContainsKey($previous)) { $choices[$previous] }
    elseif ($wordToComplete -like '-*') { $flags[$command] }
    elseif ($before -eq 1) { $flags.Keys }
    elseif ($command -eq 'explain') { $codes }
    else { return }
  $candidates | Where-Object { $_ -like "$wordToComplete*" } | Sort-Object | ForEach-Object {
    [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
  }
}
`;
}
