import type { Ruleset } from './model.js';
import { isNetshOutput, netshParts } from './netsh.js';
import { mergeParts, windowsRuleset, type WindowsFirewallParts } from './windows-firewall.js';
import { isWindowsFirewallJson, windowsJsonParts } from './windows-json.js';

/** Whether a saved file is Windows Firewall's, as netsh text or PowerShell JSON. */
export function isWindowsFirewallFile(text: string): boolean {
  return isWindowsFirewallJson(text) || isNetshOutput(text);
}

/**
 * Windows Firewall's rules, global settings, profiles and the host's TCP port
 * ranges come in separate outputs: together they are one firewall, and one
 * host's dynamic and excluded ports.
 */
export function readWindowsFirewall(files: Array<{ text: string; file: string }>): {
  ruleset?: Ruleset;
  ports: Pick<WindowsFirewallParts, 'dynamicPorts' | 'excludedPorts'>;
} {
  const json = files.filter((f) => isWindowsFirewallJson(f.text));
  const parts = mergeParts(
    files.map(({ text, file }) =>
      isWindowsFirewallJson(text) ? windowsJsonParts(text, file) : netshParts(text, file),
    ),
  );
  const ports = {
    ...(parts.dynamicPorts ? { dynamicPorts: parts.dynamicPorts } : {}),
    ...(parts.excludedPorts ? { excludedPorts: parts.excludedPorts } : {}),
  };
  // Files of the host's ports alone say nothing of the firewall.
  if (parts.rules.length === 0 && !parts.statefulFtp && parts.profiles.length === 0) return { ports };
  const source = [...new Set(files.map((f) => f.file))].join(' + ');
  return { ruleset: windowsRuleset(parts, source, json.length > 0 ? 'powershell' : 'netsh'), ports };
}
