// Preloaded with `node --require`: when the process exits, writes the paths of the CommonJS files it
// loaded to $LOADED_FILES_OUT, one per line (the built CLI is CommonJS, bins and bundles alike).
process.on('exit', () => {
  require('node:fs').writeFileSync(process.env.LOADED_FILES_OUT, Object.keys(require.cache).join('\n'));
});
