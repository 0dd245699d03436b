#!/usr/bin/env node
import { main } from '../dist/clickgen.js';

main(process.argv.slice(2));
