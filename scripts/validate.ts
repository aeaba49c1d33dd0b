// Checks every flow and knowledge file: schema, step graph, cross references.
import { ContentError, loadContent } from '../src/content/load.js';

try {
  const { flows, knowledge } = loadContent(process.cwd());
  console.log(`content ok: ${flows.size} flows, ${knowledge.size} knowledge entries`);
} catch (error) {
  if (!(error instanceof ContentError)) throw error;
  console.error(error.message);
  process.exit(1);
}
