import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { citizen, type ChatReply } from './server.js';

type Body = ChatReply['body'];
export interface Sample {
  what: string;
  body: Body;
}

/** A citizen who has already said hello, so the replies measured are not a first message's. */
async function known(url: string) {
  const c = citizen(url);
  await c.say('xin chào');
  return c;
}

const yamlIn = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => parse(readFileSync(join(dir, f), 'utf8')));

/**
 * Every reply the bot can give, asked through the real server as a citizen would: each knowledge
 * answer (by its button), each flow step (reached by pressing buttons from the flow's start, a
 * fresh citizen per step), each command, and the not-understood answers.
 */
export async function everyReply(url: string, commands: string[]): Promise<Sample[]> {
  const samples: Sample[] = [];
  /** A reply and the pages after it, each page a reply of its own; the last page is returned. */
  const withPages = async (what: string, c: Awaited<ReturnType<typeof known>>, first: Body) => {
    let body = first;
    samples.push({ what, body });
    for (let n = 2; ; n++) {
      const more = body.replies.flatMap((r) => r.buttons ?? []).find((b) => b.payload.startsWith('more:'));
      if (!more) return body;
      body = await c.press(more.payload);
      samples.push({ what: `${what} (page ${n})`, body });
    }
  };
  for (const entries of yamlIn('knowledge') as { id: string }[][]) {
    for (const entry of entries) {
      const c = await known(url);
      await withPages(`kb:${entry.id}`, c, await c.press(`kb:${entry.id}`));
    }
  }
  for (const flow of yamlIn('flows') as { id: string }[]) {
    // Breadth first over steps; each step is reached along the shortest path of button presses.
    const seen = new Set<string>();
    const queue: string[][] = [[]];
    while (queue.length) {
      const path = queue.shift()!;
      const c = await known(url);
      let body = await c.press(`flow:${flow.id}`);
      for (const payload of path) body = await c.press(payload);
      const step = body.match.step ?? '';
      if (seen.has(step)) continue;
      seen.add(step);
      body = await withPages(`flow:${flow.id}/${step}`, c, body);
      const buttons = body.replies.flatMap((r) => r.buttons ?? []).filter((b) => b.payload.startsWith('s:'));
      for (const b of buttons) queue.push([...path, b.payload]);
    }
  }
  for (const command of commands)
    samples.push({ what: `cmd:${command}`, body: await (await known(url)).press(`cmd:${command}`) });
  const lost = await known(url);
  samples.push({ what: 'fallback-1', body: await lost.say('con mèo nhà tôi bị ốm') });
  samples.push({ what: 'fallback-2', body: await lost.say('xe máy hỏng phanh') });
  return samples;
}
