// Checks every flow and knowledge file (schema, step graph, cross references, sources) and the
// area lists (knowledge/areas/*.yaml and AREAS_FILE when set): ids, names, contacts.
import { areaFilesProblems } from '../src/content/area-schema.js';
import { ContentError, loadContent } from '../src/content/load.js';

const problems: string[] = [];
try {
  const { flows, knowledge } = loadContent(process.cwd());
  console.log(`content ok: ${flows.size} flows, ${knowledge.size} knowledge entries`);
} catch (error) {
  if (!(error instanceof ContentError)) throw error;
  problems.push(...error.problems);
}
const areaProblems = areaFilesProblems(process.cwd(), process.env.AREAS_FILE);
if (!areaProblems.length) console.log('areas ok');
problems.push(...areaProblems);
if (problems.length) {
  console.error(new ContentError(problems).message);
  process.exit(1);
}
