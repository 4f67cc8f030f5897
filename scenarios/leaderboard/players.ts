// Player names sort the same as their numbers (zero-padded), so Redis's order for equal scores
// (member, descending) and SQLite's (player id, descending) are one order.
const WIDTH = 7;

export const playerName = (id: number): string => `p${String(id).padStart(WIDTH, '0')}`;

export interface Standing {
  player: string;
  score: number;
}

/**
 * The top `n` of `scores` (index = player id, from 1), highest score first and, among equal
 * scores, the higher id first: the clients' own tally, computed without either store.
 */
export function topOf(scores: readonly number[], n: number): Standing[] {
  const top: { id: number; score: number }[] = [];
  const before = (a: { id: number; score: number }, b: { id: number; score: number }): boolean =>
    a.score > b.score || (a.score === b.score && a.id > b.id);
  for (let id = 1; id < scores.length; id++) {
    const entry = { id, score: scores[id] ?? 0 };
    if (top.length === n && !before(entry, top[n - 1] as { id: number; score: number })) continue;
    let i = Math.min(top.length, n - 1);
    while (i > 0 && before(entry, top[i - 1] as { id: number; score: number })) i--;
    top.splice(i, 0, entry);
    if (top.length > n) top.pop();
  }
  return top.map((t) => ({ player: playerName(t.id), score: t.score }));
}

/** "p0000042:310,p0000007:290": a standing as one fact. */
export const formatStandings = (s: readonly Standing[]): string =>
  s.map((e) => `${e.player}:${e.score}`).join(',');

/** ZREVRANGE … WITHSCORES's flat reply as standings. */
export function fromWithScores(reply: readonly string[]): Standing[] {
  const out: Standing[] = [];
  for (let i = 0; i + 1 < reply.length; i += 2) {
    out.push({ player: reply[i] as string, score: Number(reply[i + 1]) });
  }
  return out;
}
