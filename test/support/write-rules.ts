/** `npm run docs:rules`: writes monitoring/ftp-doctor.rules.yml from the catalogue's alert table. */
import fs from 'node:fs';
import path from 'node:path';
import { alertRulesYaml } from '../../src/commands/exporter/prometheus-rules.js';
import { REPO_ROOT } from './paths.js';

fs.writeFileSync(path.join(REPO_ROOT, 'monitoring', 'ftp-doctor.rules.yml'), alertRulesYaml());
