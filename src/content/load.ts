import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { z } from 'zod';
import { flowGraphProblems } from './graph.js';
import { existsSync } from 'node:fs';
import { REQUIRED_TOPICS } from './required-topics.js';
import {
  flowSchema,
  knowledgeFileSchema,
  outsideFileSchema,
  type FlowDefinition,
  type KnowledgeEntry,
  type OutsideTopic,
} from './schema.js';

export interface Content {
  flows: Map<string, FlowDefinition>;
  knowledge: Map<string, KnowledgeEntry>;
  /** Subjects the assistant does not cover (knowledge/out-of-scope/*.yaml). */
  outside: Map<string, OutsideTopic>;
}

/** Invalid content: every problem found, each naming the file and the path inside it. */
export class ContentError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid content:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ContentError';
  }
}

export const REQUIRED_FLOWS = ['vneid-level2', 'online-fee-payment', 'qr-payment', 'e-health-record'];

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)),
    '',
  );
}

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort()
    .map((f) => join(dir, f));
}

function parseFile<S extends z.ZodType>(
  file: string,
  label: string,
  schema: S,
  problems: string[],
): z.output<S> | undefined {
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    problems.push(`${label}: not valid YAML: ${(error as Error).message.split('\n')[0]}`);
    return undefined;
  }
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  for (const issue of result.error.issues)
    problems.push(`${label}: ${formatPath(issue.path) || '(file)'}: ${issue.message}`);
  return undefined;
}

/** Reads and checks every flow and knowledge file; throws ContentError listing all problems. */
export function loadContent(rootDir: string): Content {
  const problems: string[] = [];
  const flows = new Map<string, FlowDefinition>();
  const knowledge = new Map<string, KnowledgeEntry>();

  for (const file of yamlFiles(join(rootDir, 'flows'))) {
    const label = `flows/${file.split('/').pop()}`;
    const flow = parseFile(file, label, flowSchema, problems);
    if (!flow) continue;
    for (const problem of flowGraphProblems(flow)) problems.push(`${label}: ${problem}`);
    if (flows.has(flow.id)) problems.push(`${label}: id: flow "${flow.id}" is defined twice`);
    flows.set(flow.id, flow);
  }
  for (const required of REQUIRED_FLOWS) {
    if (!flows.has(required) && !problems.some((p) => p.includes(`${required}.yaml`)))
      problems.push(`flows/: the required flow "${required}" is missing`);
  }

  let knowledgeLoaded = true;
  for (const file of yamlFiles(join(rootDir, 'knowledge'))) {
    const label = `knowledge/${file.split('/').pop()}`;
    const entries = parseFile(file, label, knowledgeFileSchema, problems);
    if (!entries) knowledgeLoaded = false;
    (entries ?? []).forEach((entry, i) => {
      if (knowledge.has(entry.id) || flows.has(entry.id))
        problems.push(`${label}: [${i}].id: "${entry.id}" is already used`);
      if (entry.flow && !flows.has(entry.flow)) problems.push(`${label}: [${i}].flow: no flow "${entry.flow}"`);
      knowledge.set(entry.id, entry);
    });
  }

  // A file that did not load is reported already; its entries would only repeat as "missing".
  if (knowledgeLoaded) {
    for (const required of REQUIRED_TOPICS) {
      if (!knowledge.has(required)) problems.push(`knowledge/: the required topic "${required}" is missing`);
    }
  }

  const outside = new Map<string, OutsideTopic>();
  for (const file of yamlFiles(join(rootDir, 'knowledge', 'out-of-scope'))) {
    const label = `knowledge/out-of-scope/${file.split('/').pop()}`;
    const topics = parseFile(file, label, outsideFileSchema, problems) ?? [];
    topics.forEach((topic, i) => {
      if (outside.has(topic.id) || knowledge.has(topic.id) || flows.has(topic.id))
        problems.push(`${label}: [${i}].id: "${topic.id}" is already used`);
      outside.set(topic.id, topic);
    });
  }

  if (problems.length) throw new ContentError(problems);
  return { flows, knowledge, outside };
}
