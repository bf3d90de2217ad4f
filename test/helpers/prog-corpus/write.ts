// Writes the corpus's binary file (format.ts) for the C readers: `npm run corpus:prog -- FILE`.
// ci/vm-suite.sh writes .vm-cache/prog-corpus.bin this way before the guest boots.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { buildCorpus, encodeCorpus } from './index.js';

const file = process.argv[2];
if (!file) {
  console.error('usage: tsx test/helpers/prog-corpus/write.ts FILE');
  process.exit(2);
}
const { records } = buildCorpus();
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, encodeCorpus(records));
const by = (o: number) => records.filter((r) => r.origin === o).length;
console.log(`${file}: ${records.length} programs (${by(0)} compiled, ${by(1)} hand-made, ${by(2)} mutants)`);
