export { compileKmod, UNHOOKABLE, type KmodCompiled, type KmodCompileOptions } from './compile.js';
export { KmodClient, KmodError, explainMissing, hostFacts, type HostFacts } from './client.js';
export * from './protocol.js';
export { KmodAddonLoadError } from './binding.js';
