#!/usr/bin/env node
// CommonJS, so Node starts without its ES module loader (see scripts/build.mjs).
require('./check-node.cjs');
require('../dist/cli.cjs').main('create-mcify');
