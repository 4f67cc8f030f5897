import { describe, expect, it } from 'vitest';
import { formatStandings, fromWithScores, playerName, topOf } from './players.ts';

describe('the clients’ own top N', () => {
  it('orders by score, then by the higher player id, as ZREVRANGE does', () => {
    const scores = [0, 5, 9, 5, 1, 9];
    expect(formatStandings(topOf(scores, 3))).toBe('p0000005:9,p0000002:9,p0000003:5');
    expect(topOf(scores, 10)).toHaveLength(5);
    expect(topOf([0], 3)).toEqual([]);
  });

  it('reads a WITHSCORES reply and pads names so they sort as numbers', () => {
    expect(fromWithScores(['p0000002', '9', 'p0000001', '5'])).toEqual([
      { player: 'p0000002', score: 9 },
      { player: 'p0000001', score: 5 },
    ]);
    expect(playerName(10) > playerName(9)).toBe(true);
  });
});
