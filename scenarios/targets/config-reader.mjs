// Node variant of config-reader: reads settings from app.json. Bug: readFileSync is not guarded,
// so a config file that cannot be read ends the program with an uncaught exception (exit 1).
// Fixed (`--fixed`): it says why and goes on with the defaults.
import { readFileSync } from 'node:fs';

const fixed = process.argv.includes('--fixed');
let settings = { color: 'blue' };
if (fixed) {
  try {
    settings = JSON.parse(readFileSync('app.json', 'utf8'));
  } catch (error) {
    console.error(`config-reader: cannot read app.json: ${error.code}; using defaults`);
  }
} else {
  settings = JSON.parse(readFileSync('app.json', 'utf8'));
}
console.log(`setting color=${settings.color}`);
