// The same leaderboard in SQLite (Node's built-in node:sqlite, in memory, so it vanishes with
// the run): one row per player. Top N is ORDER BY … LIMIT; a rank is a COUNT of everyone ahead.
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { Standing } from './players.ts';
import { playerName } from './players.ts';

export class SqlBoard {
  private readonly db = new DatabaseSync(':memory:');
  private readonly insert: StatementSync;
  private readonly add: StatementSync;
  private readonly top: StatementSync;
  private readonly rank: StatementSync;
  private readonly count: StatementSync;

  constructor(indexed: boolean) {
    this.db.exec('CREATE TABLE scores (player INTEGER PRIMARY KEY, score INTEGER NOT NULL)');
    if (indexed) this.db.exec('CREATE INDEX scores_by_score ON scores (score DESC, player DESC)');
    this.insert = this.db.prepare('INSERT INTO scores (player, score) VALUES (?, 0)');
    this.add = this.db.prepare('UPDATE scores SET score = score + ? WHERE player = ?');
    this.top = this.db.prepare(
      'SELECT player, score FROM scores ORDER BY score DESC, player DESC LIMIT ?',
    );
    // Ties ordered as Redis orders them: the higher player first.
    this.rank = this.db.prepare(
      `SELECT COUNT(*) AS ahead FROM scores, (SELECT score AS s FROM scores WHERE player = ?)
       WHERE score > s OR (score = s AND player > ?)`,
    );
    this.count = this.db.prepare('SELECT COUNT(*) AS n FROM scores');
  }

  /** Adds players `from` to `to` inclusive, in one transaction. */
  join(from: number, to: number): void {
    this.db.exec('BEGIN');
    for (let id = from; id <= to; id++) this.insert.run(id);
    this.db.exec('COMMIT');
  }

  score(player: number, points: number): void {
    this.add.run(points, player);
  }

  topN(n: number): Standing[] {
    return (this.top.all(n) as { player: number; score: number }[]).map((r) => ({
      player: playerName(r.player),
      score: r.score,
    }));
  }

  /** 0 for the leader, as ZREVRANK counts. */
  rankOf(player: number): number {
    return (this.rank.get(player, player) as { ahead: number }).ahead;
  }

  players(): number {
    return (this.count.get() as { n: number }).n;
  }

  close(): void {
    this.db.close();
  }
}
