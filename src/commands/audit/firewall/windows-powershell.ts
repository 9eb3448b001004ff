import { WINDOWS_FIREWALL_FORMAT } from './windows-json.js';

/**
 * The PowerShell that saves Windows Firewall as the audit reads it: every
 * rule of the active policy store joined with its port, address, application
 * and service filters (fetched once each, not per rule, which takes minutes on
 * a host with many rules), the profiles, StatefulFTP and the dynamic TCP port
 * range. Read only. `audit` runs it on a Windows host; docs/windows.md gives
 * it verbatim for a customer to run and send (a test keeps the two the same).
 */
export const FIREWALL_SCRIPT = [
  '$store = @{ PolicyStore = "ActiveStore" }',
  '$ports = @{}; Get-NetFirewallPortFilter @store | ForEach-Object { $ports[$_.InstanceID] = $_ }',
  '$addresses = @{}; Get-NetFirewallAddressFilter @store | ForEach-Object { $addresses[$_.InstanceID] = $_ }',
  '$programs = @{}; Get-NetFirewallApplicationFilter @store | ForEach-Object { $programs[$_.InstanceID] = $_ }',
  '$services = @{}; Get-NetFirewallServiceFilter @store | ForEach-Object { $services[$_.InstanceID] = $_ }',
  '$rules = Get-NetFirewallRule @store -Direction Inbound | ForEach-Object {',
  '  $id = $_.InstanceID',
  '  [pscustomobject]@{ DisplayName = $_.DisplayName; Enabled = [string]$_.Enabled; Direction = [string]$_.Direction;',
  '    Action = [string]$_.Action; Profile = [string]$_.Profile; Protocol = [string]$ports[$id].Protocol;',
  '    LocalPort = @($ports[$id].LocalPort); RemoteAddress = @($addresses[$id].RemoteAddress);',
  '    LocalAddress = @($addresses[$id].LocalAddress); Program = [string]$programs[$id].Program;',
  '    Service = [string]$services[$id].Service } }',
  '$profiles = Get-NetFirewallProfile @store | ForEach-Object {',
  '  [pscustomobject]@{ Name = $_.Name; Enabled = [string]$_.Enabled; DefaultInboundAction = [string]$_.DefaultInboundAction } }',
  '$tcp = Get-NetTCPSetting -SettingName Internet',
  `[pscustomobject]@{ format = "${WINDOWS_FIREWALL_FORMAT}"; rules = @($rules); profiles = @($profiles);`,
  '  enableStatefulFtp = [string](Get-NetFirewallSetting @store).EnableStatefulFtp;',
  '  dynamicPortStart = $tcp.DynamicPortRangeStartPort; dynamicPortCount = $tcp.DynamicPortRangeNumberOfPorts } |',
  '  ConvertTo-Json -Depth 4',
].join('\n');

/** PowerShell's arguments to run the script and write UTF-8, whatever the console's code page. */
export function powershellArguments(script: string): string[] {
  return ['-NoProfile', '-NonInteractive', '-Command', `[Console]::OutputEncoding = [Text.Encoding]::UTF8\n${script}`];
}
