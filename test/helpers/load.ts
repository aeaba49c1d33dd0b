import { postChat } from './server.js';

const FLOW = 'vneid-level2';
const START = 'hướng dẫn kích hoạt vneid mức 2';

/**
 * Citizens talking to the bot without pause: each starts the VNeID flow and answers "1" a few
 * times (never to the end), then a new citizen takes over. Remembers, per citizen, the step of the
 * last reply the server acknowledged (200), which must survive whatever happens to the server.
 */
export function chatLoad(url: string, workers = 6, answersEach = 6) {
  const acknowledged = new Map<string, string>();
  /** Every step acknowledged to each citizen, in order. */
  const history = new Map<string, string[]>();
  let stopped = false;
  let count = 0;
  const worker = async (w: number) => {
    for (let n = 0; !stopped; n++) {
      const userId = `load-${w}-${n}`;
      for (let i = 0; i <= answersEach && !stopped; i++) {
        let reply;
        try {
          reply = await postChat(url, { userId, text: i === 0 ? START : '1' });
        } catch {
          return; // the server is gone or going: nothing was acknowledged
        }
        if (reply.status !== 200) return;
        if (reply.body.match.id !== FLOW || !reply.body.match.step)
          throw new Error(`unexpected reply ${JSON.stringify(reply.body.match)}`);
        acknowledged.set(userId, reply.body.match.step);
        history.set(userId, [...(history.get(userId) ?? []), reply.body.match.step]);
        count++;
      }
    }
  };
  const done = Promise.all(Array.from({ length: workers }, (_, w) => worker(w)));
  return {
    flow: FLOW,
    acknowledged,
    history,
    get count() {
      return count;
    },
    async untilAcknowledged(n: number) {
      while (count < n) {
        if (stopped) throw new Error('load stopped');
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    /** Stops sending; resolves when the messages in flight are answered (or refused). */
    stop() {
      stopped = true;
      return done;
    },
    /** Resolves when every worker has given up (the server stopped answering). */
    done,
  };
}
