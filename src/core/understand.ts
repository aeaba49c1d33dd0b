import { CUTOFFS, type Cutoffs } from './cutoffs.js';
import type { Candidate, Matcher, Ranking } from '../matching/matcher.js';
import { canonicalWords, contentWords } from '../lib/text/normalize.js';

export { CUTOFFS, type Cutoffs } from './cutoffs.js';

/** `why`: the rule that decided, in a few words, for `npm run explain`. */
export type Understanding =
  | { kind: 'answer'; target: Candidate; why?: string }
  | { kind: 'clarify'; options: Candidate[]; why?: string }
  /** `outside`: the message is about a subject the bot knowingly does not cover. */
  | { kind: 'fallback'; suggestions: Candidate[]; outside?: Candidate; why?: string };

/** Words that only ask (where, what, how long, when, how, why, how much): a message made of nothing else names no subject. */
const ASKING_ONLY = new Set(['odau', 'lagi', 'baolau', 'khinao', 'thenao', 'taisao', 'baonhieu', 'dau', 'lau', 'khi']);

const HOW_TO = new Set(['huongdan', 'thenao', 'giup', 'muon', 'cach']);

type RelatedFlow = (knowledgeId: string) => string | undefined;

/**
 * The rarest word of the message that at least two of the options share with it, among the words
 * only our topics use (0 when none): "vneid", "căn cước", not "nhà" or "tên".
 */
function subjectRarity(options: Candidate[], ranking: Ranking): number {
  let best = 0;
  for (const [i, a] of options.entries())
    for (const word of a.shared)
      if (ranking.ours.has(word) && options.some((b, j) => j !== i && b.shared.includes(word)))
        best = Math.max(best, ranking.rarity.get(word) ?? 0);
  return best;
}

/** Decides what a free-text message asks for, or that it is not understood well enough to answer. */
export function understand(
  matcher: Matcher,
  text: string,
  relatedFlow: RelatedFlow = () => undefined,
  cutoffs: Cutoffs = CUTOFFS,
): Understanding {
  const words = contentWords(text);
  // "ở đâu", "=2+2 ở đâu": whatever the scores say, there is nothing to answer about.
  if (words.length > 0 && words.every((w) => ASKING_ONLY.has(w)))
    return { kind: 'fallback', suggestions: [], why: 'only question words' };
  const ranking = matcher.rankBoth(text, 8, cutoffs);
  // "hướng dẫn em với": asking to be helped without saying with what. The guided flows are offered.
  if (words.length > 0 && words.every((w) => ASKING_ONLY.has(w) || HOW_TO.has(w))) {
    const flows = ranking.candidates.filter((c) => c.kind === 'flow').slice(0, 3);
    return { kind: 'fallback', suggestions: flows, why: 'asks for help, names no subject' };
  }
  return decide(ranking, text, relatedFlow, cutoffs);
}

/** The decision on a ranking: answer, one clarifying question, or a fallback with suggestions. */
export function decide(ranking: Ranking, text: string, relatedFlow: RelatedFlow, cutoffs: Cutoffs): Understanding {
  const ranked = ranking.candidates;
  const inScope = ranked.filter((c) => c.kind !== 'outside');
  // Up to three buttons when not answering. Targets met on generic words only ("vneid", "đăng ký")
  // go last: they match many messages and crowd out the one that shares the message's subject.
  const offered = inScope.filter((c) => c.score >= cutoffs.suggest);
  const buttons = (first: Candidate[]) => {
    const pool = [...new Set([...first, ...offered])];
    const rare = (c: Candidate) => c.specific >= cutoffs.buttonEvidence;
    // Suggestions (no options asked about first) go by shared evidence times score: with the topic
    // classifier lifting targets that share only common words, score alone put the one sharing the
    // message's subject 4th more often (cross-validated within one tap 94.3% → 94.7%).
    const weight = (c: Candidate) => c.specific * c.score;
    const ordered = first.length === 0 ? [...pool].sort((a, b) => weight(b) - weight(a)) : pool;
    const shown = [...ordered.filter(rare), ...ordered.filter((c) => !rare(c))].slice(0, 3);
    // The best-ranked topic keeps a slot whatever it shares: met on common words only, it is
    // still the likeliest one meant ("có cần trả chi phí gì không" for where to register).
    const best = offered[0];
    return best && !shown.includes(best) ? [...shown.slice(0, 2), best] : shown;
  };
  const suggestions = buttons([]);
  const [first] = ranked;
  const fallback = (why: string, outside?: Candidate): Understanding => ({
    kind: 'fallback',
    suggestions,
    why,
    ...(outside ? { outside } : {}),
  });
  // A clarifying question only when the options have a subject in common with the message: a word
  // of it at least this rare that two of them share. "con mèo nhà tôi tên là gì" meets one entry
  // on "tên", another on "nhà": no reason to ask which one was meant.
  // The evidence is judged on the options that made the question (`core`); a nearby third may be shown too.
  const clarify = (why: string, core: Candidate[], options = core): Understanding =>
    subjectRarity(core, ranking) >= cutoffs.evidence
      ? { kind: 'clarify', options: buttons(options), why }
      : fallback(`${why}, but no subject word of ours in common`);
  // Evidence both ways before any answer: the message says little the target's variant does not
  // (a long story with rare words the best leaves unexplained is where wrong answers come from),
  // and says most of what that variant says. Thin evidence asks among the plausible ones instead.
  const answer = (target: Candidate, why: string): Understanding => {
    // A flow and a question about it are not rivals (either answer is safe): the margin is over
    // the next other target, and both signals naming the flow name its question too.
    const kin = (c: Candidate) => relatedFlow(c.id) === target.id || relatedFlow(target.id) === c.id;
    const next = inScope.find((c) => c !== target && !kin(c));
    const named = ranking.agree && first !== undefined && (target === first || kin(first));
    const clear = named || !next || target.score - next.score >= cutoffs.coverMargin;
    if (clear || Math.min(target.cover.message, target.cover.variant) >= cutoffs.cover)
      return { kind: 'answer', target, why };
    const plausible = [target, ...inScope.filter((c) => c !== target && c.score >= cutoffs.clarify)].slice(0, 3);
    const thin = `${why}, but thin evidence both ways`;
    return plausible.length >= 2 ? clarify(thin, plausible.slice(0, 2), plausible) : fallback(thin);
  };
  if (!first) return fallback('nothing matched');
  // A subject the bot does not cover, ranked above everything it does: say so, naming it only when
  // it is as clear as an answer would have to be ("cách nuôi gà" is no question about civil status).
  if (first.kind === 'outside')
    return fallback('an out-of-scope subject ranked first', first.score >= cutoffs.answer ? first : undefined);
  // Lower down, an out-of-scope subject blocks an answer only through a rare word of its own that
  // the best does not share ("sổ đỏ"), or when it is close behind and the best leaves a word of the
  // message unexplained ("quên mật khẩu zalo": near the VNeID password entry, but zalo is not in
  // it). Generic words it shares with the message ("đăng ký", "bao lâu") never block.
  const unexplained = ranking.known.some((w) => !first.shared.includes(w));
  const blocking = ranked.find(
    (c) =>
      c.kind === 'outside' &&
      c.score >= cutoffs.outside &&
      ((c.key !== undefined &&
        c.keyRarity >= first.keyRarity &&
        !first.shared.includes(c.key) &&
        first.score - c.score < 2 * cutoffs.outsideMargin) ||
        (unexplained && first.score - c.score < cutoffs.outsideMargin)),
  );
  if (blocking) return fallback('an out-of-scope subject blocks', blocking);

  const bar = cutoffs.answer;
  const confident = first.score >= bar && first.specific >= cutoffs.specific;
  const band = first.score >= cutoffs.sure ? cutoffs.clarifyBand / 2 : cutoffs.clarifyBand;
  const close = inScope.filter((c) => first.score - c.score < band).slice(0, 3);
  // A guided flow and questions about that same flow, equally close: "how do I..." picks the
  // flow; otherwise one question picks its answer (which offers the flow as a button anyway).
  // Either is safe, so generic words ("đăng ký định danh") are enough here.
  // The flow may sit a little further behind (the sibling band): the topic classifier pools a
  // question's variants with its own and can set them apart more than the words do.
  const kinBand = Math.max(band, cutoffs.siblingBand);
  const flow = inScope.find((c) => c.kind === 'flow' && first.score - c.score < kinBand);
  const entries = close.filter((c) => c !== flow);
  if (flow && entries.length > 0 && entries.every((c) => relatedFlow(c.id) === flow.id) && first.score >= bar) {
    // Asking to be walked through it, helped with it, or wanting to do it: the flow.
    const howTo = canonicalWords(text).some((w) => HOW_TO.has(w));
    if (howTo) return answer(flow, 'a flow and its questions, equally close; asked how: the flow');
    if (entries.length === 1)
      return answer(entries[0]!, 'a flow and one of its questions, equally close: the question');
  }
  // "Thanh toán lệ phí trực tuyến là gì?": asking what something is wants it explained, not a
  // walk-through; a question about that flow whose closest variant is as close answers instead
  // (the topic classifier pools the flow with its questions and lifts it above them).
  if (first.kind === 'flow' && confident && canonicalWords(text).includes('lagi')) {
    const entry = inScope.find(
      (c) =>
        c.kind === 'knowledge' &&
        relatedFlow(c.id) === first.id &&
        c.variantScore >= first.variantScore - cutoffs.clarifyBand,
    );
    if (entry && entry.specific >= cutoffs.specific)
      return answer(entry, 'asks what it is: the question, not the flow');
  }
  // Someone reporting that a step failed ("không kích hoạt được") is not asking to be walked
  // through from the start: a question about that flow answers instead, or both are offered.
  if (first.kind === 'flow' && confident && ranking.rarity.has('loi') && !first.shared.includes('loi')) {
    const entry = inScope.find((c) => c.kind === 'knowledge' && relatedFlow(c.id) === first.id);
    const why = 'a failure reported, not a walk-through';
    if (entry && entry.score >= bar && entry.specific >= cutoffs.specific) return answer(entry, why);
    return entry && entry.score >= cutoffs.clarify ? clarify(why, [entry, first]) : fallback(why);
  }
  if (confident && close.length === 1) {
    // Siblings (a new phone / a new number, getting the card / what to bring): close behind, the
    // next one wins unless the message has the words that tell the best apart from it.
    // A flow and a question about it are not siblings: either answer is safe.
    const second = inScope.find((c) => c !== first);
    const related = second && (relatedFlow(first.id) === second.id || relatedFlow(second.id) === first.id);
    const { contrast } = ranking;
    const told = contrast.first > contrast.second;
    if (second && !related && !told && first.score - second.score < cutoffs.siblingBand)
      return clarify(
        'a close sibling not told apart',
        [first, second],
        inScope.filter((c) => first.score - c.score < cutoffs.siblingBand).slice(0, 3),
      );
    return answer(first, told && second ? 'confident; told apart from the next' : 'confident, nothing close');
  }
  // Two close ones are not told apart by the words only the best has: a rule that did ("apart",
  // "dominance") answered more of the tuning messages and fewer of the left-out folds (see CUTOFFS).
  if (close.length >= 2 && first.score >= cutoffs.clarify) {
    // Up to three buttons: the close ones, then the next within twice the band (one more chance
    // that the meant one is a tap away, at no risk: nothing is answered).
    const near = inScope.filter((c) => first.score - c.score < 2 * band).slice(0, 3);
    return clarify('several close', close, near);
  }
  return fallback(first.score < bar ? 'best below the answer bar' : 'shared words too generic');
}
