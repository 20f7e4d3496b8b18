#!/usr/bin/env node
// Runs the built command line; build it first with `npm run build`.
import { createProgram } from '../dist/apps/cli/src/main.js';

await createProgram().parseAsync(process.argv);
