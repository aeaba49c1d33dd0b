// The understanding cut-offs: where the decision in understand.ts changes, and why there.
import { SIGNAL_WEIGHTS, type SignalWeights } from '../matching/matcher.js';

/**
 * Where the decision changes. Chosen by scripts/sweep-cutoffs.ts on the tuning sets (the
 * development set, held-out sets 1–7 and the negatives, ../shared/real-questions.jsonl and the
 * tuning part of our real questions, 626 messages; never our held-out parts), maximising right
 * answers minus five times the confidently wrong ones plus fallbacks on out-of-scope messages (a
 * wrong answer costs five right ones), within one tap breaking ties.
 * Scored on the pool itself every choice looks near perfect (0% wrong): the lexicon and the
 * question variants were written from those same messages. The honest estimate is
 * `--cv --drop-copies`: five folds (both phrasings of a real question in the same one), the
 * cut-offs chosen on four and scored on the fifth, each message ranked without the variants that
 * are near-copies of a message of its fold. At the start of this round it gave 70.9% right, 4.0%
 * wrong, 96.9% fell back, 90.9% within one tap (our held-out real questions showed 4–8% wrong);
 * with the evidence rule and the removals below, 66.9% right, 2.5% wrong, 96.9% fell back, 92.1%
 * within one tap: fewer answers, but one wrong answer in three becomes a question or a fallback
 * whose buttons mostly hold the meant topic. The next round ordered the buttons (buttonEvidence):
 * 66.9% right, 2.5% wrong, 96.9% fell back, 93.6% within one tap. It looked for rules too strict
 * for no wrong-answer saving and found none: every rule off, or bar lowered, that answered more
 * also answered more wrongly (siblingBand 0: 68.8% right, 2.8% wrong; answer 0.34: 67.9%, 2.8%;
 * specific 2 and 2.5 score the same). Nothing was loosened.
 * Round 6 added the topic classifier (matching/topic-classifier.ts) as 0.2 of the combined score:
 * with it the meant topic ranks first for 88% of the pool's messages, left-out variants dropped
 * (82% before). Its probability is taken against its own best, so the best target's score rises by
 * up to 0.2 and the bars moved up with it; re-chosen on the same grid (wider around the new
 * scale): 75.6% right, 3.0% wrong, 94.3% fell back, 94.7% within one tap, cross-validated, against
 * 66.5%, 3.0%, 97.1%, 92.9% before. Share 0.3 or 0.1, a sharper classifier (temperature 0.5) or
 * its raw probability did no better; the fold-to-fold spread is about ±4 points. With the round's
 * new question variants, the mean over four cuts of the folds (--seed 0..3) reads 81.8% right, 2.0%
 * wrong, 96.9% fell back, 95.3% within one tap (80.5%, 2.1%, 95.9%, 95.2% after the round's last
 * lexicon and out-of-scope fixes). Pinned alternatives scored within 0.01 of these
 * cut-offs' objective (share 0.3 with answer 0.56; answer 0.54 with clarifyBand 0.08): kept.
 * Tried and not kept: an answer needing its variant to explain at least 0.25–0.4 of the message
 * (fewer right, no fewer wrong); all three signals, not two, naming the best (no change); reading
 * "làm/tạo tài khoản" as registering (0.5 points more wrong); no answer when the message asks
 * about a cost or a fine and no variant of the best does (on our real questions: 5 fewer right
 * for 2 more fallbacks, none fewer wrong).
 * - answer 0.5 (was 0.42), specific 2 (was 2.5), cover 0.5 (was 0.6): every fold chose answer 0.5
 *   or 0.46 and specific 2; four of five chose cover 0.5.
 * - An out-of-scope subject ranked first is named only at the answer bar now (it was `outside`,
 *   0.3): lifted by its own classifier score, "cách nuôi gà" reached 0.43 against civil status,
 *   where the subjects really asked about score 0.7 and more.
 * Round 7 (30 more real lines in the pool, facet questions, the button rule): all ten folds of
 * two cuts chose coverMargin 0.1, and pinned on four cuts it reads 83.2% right, 1.8% wrong, 97.6%
 * fell back, 96.1% within one tap against 81.3%, 1.6%, 97.8%, 96.3% at 0.15; also lowering the
 * answer bar to 0.54, which seven folds of ten chose, scored the same (82.1%, 1.6%): not done.
 * Rules tried and not kept: "như" as a stop word ("có giá trị như căn cước" met the health
 * record's "có giá trị như sổ giấy"; one message worse); an out-of-scope subject blocking only
 * when it explains a word the best leaves unexplained (more wrong); a learned confidence (a
 * logistic regression over the ranking's features, cross-validated) in place of, or on top of,
 * these rules: every setting that answered more also answered more wrongly, about one wrong for
 * each one or two right.
 * Last in round 7, 80 hard negatives joined the pool (neighbouring subjects asked in our words,
 * none answered by an entry; 81.3% fell back when first scored). With them the folds choose a
 * higher bar without the evidence rule (answer 0.54–0.58, cover 0): pinned, 80.9% right, 1.4%
 * wrong, 94.3% fell back (answer 0.58) or 83.4%, 1.7%, 92.9% (0.54), against 83.9%, 1.7%, 90.7%
 * now. Not changed yet: the gain is on written negatives, the cost in right answers on real
 * questions; real neighbouring questions should decide it.
 * Before round 6:
 * - cover 0.6, coverMargin 0.15: four folds of five chose them (one 0.5 and 0.2). Off (cover 0),
 *   the estimate is 68.6% right, 4.5% wrong, 90.5% within one tap. Wrong answers are seldom the
 *   ones the best explains well both ways; they are the ones thin on one side AND close to the
 *   next AND named by one signal only: there, about one answer in four was wrong, elsewhere one in
 *   twenty-five. Gating on thin evidence alone (whatever the margin and the signals) turned five
 *   right answers into questions for every wrong one saved: it cost more than it saved.
 * - answer 0.42: 0.5 gives 62.8% right, 2.6% wrong; 0.34 falls back on fewer stray messages
 *   (95.9%) and answers 2.8% wrong. The bar once lowered when both signals agree (agreeAnswer)
 *   was the same 0.42: merged into `answer`.
 * - specific 2.5: 2 scores the same, 3 answers fewer (66.2%) for no fewer wrong; the careful end.
 * - siblingBand 0.1: off (0), 68.4% right but 3.0% wrong. siblingSure (a close sibling answered
 *   when a variant says everything the message says) moved no cross-validated figure: removed.
 * - apart and dominance (two targets within the clarify band told apart by rare words only the
 *   best has) are removed: every fold chose to keep them, as they answer a few more of its own
 *   four folds, yet on the fifth they added wrong answers (with them: 68.4% right, 3.2% wrong,
 *   91.9% within one tap). On the whole pool, copies and all, they answered 0.6% more, none wrong.
 * - evidence: a clarifying question and a fallback both count as not answering, so no figure
 *   moves with it; it decides which of the two a stray message gets. 1 with words of our own
 *   topics only ("con mèo nhà tôi tên là gì" meets entries on "nhà", which the out-of-scope
 *   housing subject uses too: a fallback, not a question).
 * - buttonEvidence 3 (four folds of five; one chose 3.5): moves only within one tap. Of the
 *   non-answers whose buttons missed the meant topic, most had it ranked 4th–7th behind targets met
 *   on "vneid" or "định danh" alone (short variants that match any VNeID message). Putting those
 *   last: within one tap 92.1% → 93.6% cross-validated. Counting a flow and its own questions as
 *   one slot did worse (91.7% on the pool, against 92.2% before; a flow's questions are most of
 *   our topics); showing the n-gram signal's best moved nothing, ordering by how much of the
 *   message each explains gained less (92.6%), and putting flows first did worse (92.8%).
 *   Round 7: the best-ranked topic keeps the last slot when the grouping left it out (it was
 *   dropped behind three rarer ones even from its own clarifying question): within one tap 95.8%
 *   → 96.3% (pinned cut-offs, mean of four cuts of the folds), no other figure moves.
 * - wordShare, clarifyBand, sure, outsideMargin: chosen before on the whole pool, not varied here.
 */
export interface Cutoffs extends SignalWeights {
  /** The best target answers at or above this combined score, when no other is within clarifyBand... */
  answer: number;
  /** ...and the words it shares with the message are rare enough (summed idf): generic words alone never answer. */
  specific: number;
  /** Targets within this band of the best (2–3 of them) make one clarifying question instead of an answer... */
  clarifyBand: number;
  /** ...a band half as wide once the best is at least this good (nearly every word explained, both ways)... */
  sure: number;
  /** ...if the best is at least this good. */
  clarify: number;
  /** An out-of-scope subject this good can block an answer (one ranked first is named once it reaches `answer`). */
  outside: number;
  /** An out-of-scope subject this close to the best, when the best leaves a known word of the message unexplained, falls back. */
  outsideMargin: number;
  /** Targets at least this good are offered as buttons when the bot is unsure... */
  suggest: number;
  /** ...those sharing words this rare (summed idf) with the message first, best first within each group. */
  buttonEvidence: number;
  /**
   * The best and the next in-scope target this close are siblings to tell apart: unless the
   * message has more words that only the best has than words only the next has, ask with both.
   */
  siblingBand: number;
  /** A clarifying question needs a shared word at least this rare (idf); below it, the message is not about us. */
  evidence: number;
  /**
   * An answer needs its closest variant and the message to explain at least this share of each
   * other's rare words (both ways, by idf)...
   */
  cover: number;
  /** ...unless both signals name it, or it leads the next in-scope target by this much. */
  coverMargin: number;
}

export const CUTOFFS: Cutoffs = {
  ...SIGNAL_WEIGHTS,
  answer: 0.5,
  specific: 2,
  clarifyBand: 0.05,
  sure: 0.8,
  clarify: 0.3,
  outside: 0.3,
  outsideMargin: 0.1,
  suggest: 0.2,
  buttonEvidence: 3,
  siblingBand: 0.1,
  evidence: 1,
  cover: 0.5,
  coverMargin: 0.1,
};
