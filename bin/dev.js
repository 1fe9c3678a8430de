#!/usr/bin/env node
// Development entry: builds first so commands always match the sources.
import { execSync } from 'node:child_process';
import { execute } from '@oclif/core';

execSync('npx tsc -p tsconfig.build.json', { cwd: new URL('..', import.meta.url), stdio: 'inherit' });
await execute({ development: false, dir: import.meta.url });
