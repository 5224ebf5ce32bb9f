#!/usr/bin/env node
import './check-node.js';

const { main } = await import('../dist/cli.js');
await main('mcify');
