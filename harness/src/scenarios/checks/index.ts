export { checkExit } from './exit.js';
export { checkOutput } from './output.js';
export { checkFiles, snapshotFiles } from './files.js';
export { checkInjected } from './injected.js';
export { checkCustom } from './custom.js';
