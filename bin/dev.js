#!/usr/bin/env node
// Development entry: rebuilds first (sources and the command manifest) so commands match the sources.
import { execSync } from 'node:child_process';
import { execute } from '@oclif/core';

execSync('npm run -s build', { cwd: new URL('..', import.meta.url), stdio: 'inherit' });
await execute({ development: false, dir: import.meta.url });
