import { describe, expect, it } from 'vitest';
import { SqlBoard } from './sql-board.ts';

describe('SqlBoard', () => {
  for (const indexed of [false, true]) {
    it(`ranks and tops as Redis would${indexed ? ' (indexed)' : ''}`, () => {
      const board = new SqlBoard(indexed);
      board.join(1, 5);
      board.score(2, 9);
      board.score(5, 9);
      board.score(3, 4);
      expect(board.topN(3)).toEqual([
        { player: 'p0000005', score: 9 },
        { player: 'p0000002', score: 9 },
        { player: 'p0000003', score: 4 },
      ]);
      expect([5, 2, 3, 4, 1].map((p) => board.rankOf(p))).toEqual([0, 1, 2, 3, 4]);
      expect(board.players()).toBe(5);
      board.close();
    });
  }
});
