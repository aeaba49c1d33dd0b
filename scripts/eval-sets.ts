// Scores labelled message sets against the conversation core in this process (the same figures
// as ../shared/tools/eval-questions.mjs against a running server, without starting one).
//   npx tsx scripts/eval-sets.ts test/fixtures/dev-questions.jsonl [...] [--verbose]
import { readFileSync } from 'node:fs';
import { loadContent } from '../src/content/load.js';
import { ConversationCore } from '../src/core/conversation.js';
import { formatScore, parseSet, scoreSet } from './score-set.js';
import { MemoryStore } from '../src/store/memory-store.js';

const args = process.argv.slice(2);
const files = args.filter((a) => !a.startsWith('--'));
const core = new ConversationCore({
  content: loadContent(process.cwd()),
  store: new MemoryStore(),
  pseudonym: async (k) => k,
});
for (const file of files) {
  const score = await scoreSet(core, parseSet(readFileSync(file, 'utf8')), file.replace(/\W/g, ''));
  console.log(`${file.padEnd(48)} ${formatScore(score)}`);
  if (args.includes('--verbose')) for (const m of score.misses) console.log(`    ${m}`);
}
