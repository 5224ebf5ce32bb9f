// Kept to syntax every Node.js version can parse, so an old Node gets this sentence, not a crash.
var parts = process.versions.node.split('.').map(Number);
if (parts[0] < 20 || (parts[0] === 20 && parts[1] < 12)) {
  process.stderr.write(
    'create-mcify needs Node.js 20.12 or newer, and this is Node.js ' + process.versions.node +
      '; install a current Node.js (e.g. nvm install 22) and run it again.\n',
  );
  process.exit(1);
}
