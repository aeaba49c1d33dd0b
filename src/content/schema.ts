import { z } from 'zod';

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be lower-case ASCII words joined by "-" (at most 40 characters)');
const message = z.string().trim().min(1).max(1000);
/** A reply of one or more short messages; YAML may give a single string. */
const messages = z.union([message.transform((m) => [m]), z.array(message).min(1).max(6)], {
  error: 'must be a text or a list of 1-6 texts of at most 1000 characters (quote a text that contains ": ")',
});
/** One public source: who published it (site, newspaper, ministry) or the legal act, not a placeholder. */
const sourceText = z
  .string()
  .trim()
  .min(10, 'is too short to name a source: give the publisher or page, or the legal act and its number')
  .refine((s) => !/^(todo|tbd|fixme|n\/a|none|unknown|nguồn|source|\?+)\b/i.test(s), 'is a placeholder, not a source');
const SOURCES_HELP = 'must name the public source(s) of the facts: a text or a list of texts';
/** A single text is read as a list of one, so each source is checked (and named) on its own. */
const sources = z.preprocess(
  (v) => (typeof v === 'string' ? [v] : v),
  z.array(sourceText, { error: SOURCES_HELP }).min(1, SOURCES_HELP),
);

export const optionSchema = z.strictObject({
  label: z.string().trim().min(1).max(40),
  /** Adds the everyday words for "yes, it worked" or "no, not yet" to the aliases. */
  says: z.enum(['yes', 'no']).optional(),
  aliases: z.array(z.string().trim().min(1)).default([]),
  /** The step this option leads to, or "@back" for the step the citizen came from. */
  next: z.union([id, z.literal('@back')]),
});

export const stepSchema = z
  .strictObject({
    id,
    /** A short name for the step, shown on the dashboard's funnels ("Nhập mã OTP"). */
    title: z.string().trim().min(2).max(60).optional(),
    messages,
    /** Entering this step counts as reaching the named milestone. */
    milestone: id.optional(),
    options: z.array(optionSchema).max(5).default([]),
    /** A terminal step: `completed` finishes the flow; `stopped` ends it without completion. */
    end: z.enum(['completed', 'stopped']).optional(),
  })
  .refine((s) => (s.end ? s.options.length === 0 : s.options.length > 0), {
    message: 'a step has options, or is an end step (end: completed|stopped) without options',
    path: ['options'],
  });

export const flowSchema = z.strictObject({
  id,
  version: z.number().int().positive(),
  title: z.string().trim().min(3).max(120),
  menuLabel: z.string().trim().min(3).max(40),
  /** Where the flow stands in the menu, lowest first; flows without it follow, by id. */
  menuOrder: z.number().int().min(1).max(99).optional(),
  summary: z.string().trim().min(3).max(300),
  source: sources,
  triggers: z.array(z.string().trim().min(3)).min(5),
  start: id,
  steps: z.array(stepSchema).min(2),
});

export const knowledgeEntrySchema = z.strictObject({
  id,
  title: z.string().trim().min(3).max(120),
  questions: z.array(z.string().trim().min(3)).min(5),
  answer: messages,
  tags: z.array(z.string().trim().min(2)).min(1),
  flow: id.optional(),
  source: sources,
});

export const knowledgeFileSchema = z.array(knowledgeEntrySchema).min(1);

/** A subject the assistant does not cover, recognised so it can say so and point elsewhere. */
export const outsideTopicSchema = z.strictObject({
  id,
  title: z.string().trim().min(3).max(120),
  questions: z.array(z.string().trim().min(3)).min(3),
  reply: z.string().trim().min(3).max(1000),
});

export const outsideFileSchema = z.array(outsideTopicSchema).min(1);

export type FlowOption = z.output<typeof optionSchema>;
export type FlowStep = z.output<typeof stepSchema>;
export type FlowDefinition = z.output<typeof flowSchema>;
export type KnowledgeEntry = z.output<typeof knowledgeEntrySchema>;
export type OutsideTopic = z.output<typeof outsideTopicSchema>;
