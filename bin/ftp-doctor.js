#!/usr/bin/env node
import { run } from '../dist/src/cli/bin.js';

run();
