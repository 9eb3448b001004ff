import type { SettingName } from '../../../record/deployment-record.js';
import { parseProftpdConf } from '../config/proftpd-config.js';
import {
  mountedConfig,
  unknownConfig,
  type ContainerDeclaration,
  type StartContext,
  type StartReading,
} from './start-common.js';

/** ProFTPD as packaged: its proftpd.conf (and what it includes) from the repository or a ConfigMap. */
export function proftpdStart(declaration: ContainerDeclaration, context: StartContext): StartReading {
  const mounted = mountedConfig(declaration, declaration.image.configPaths);
  const setting = (name: string): SettingName => ({
    name,
    kind: 'proftpd',
    ...('located' in mounted ? { file: mounted.located } : {}),
  });
  if ('unread' in mounted)
    return {
      config: unknownConfig('proftpd', 21),
      configKnown: false,
      addressSetting: setting('MasqueradeAddress'),
      rangeSetting: setting('PassivePorts'),
      configFiles: [],
      unreadConfig: [mounted.unread],
      unresolved: [],
    };
  const config = context.readConfig(() => parseProftpdConf(mounted.path, declaration.files));
  return {
    config,
    configKnown: true,
    addressSetting: setting('MasqueradeAddress'),
    rangeSetting: setting('PassivePorts'),
    configFiles: [...new Set(config.files.map((file) => declaration.files.locate(file, undefined).file))],
    unreadConfig: (config.unreadIncludes ?? []).map((why) => ({ path: why.split(',')[0] ?? why, reason: 'missing' })),
    unresolved: [],
  };
}
