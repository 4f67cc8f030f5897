import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

export const leaderboardParams = Type.Object(
  {
    initialPlayers: Type.Integer({
      default: 1000,
      minimum: 10,
      maximum: 100_000,
      description: 'Players on the board when the run starts, all at 0 points.',
      'x-unit': 'players',
    }),
    newPlayersPerSec: Type.Number({
      default: 20_000,
      minimum: 0,
      maximum: 20_000,
      description: 'Players joining per second (ZADD and INSERT at 0 points), until maxPlayers.',
      'x-unit': 'players/s',
      'x-live': true,
    }),
    maxPlayers: Type.Integer({
      default: 300_000,
      minimum: 100,
      maximum: 300_000,
      description: 'The board stops growing here.',
      'x-unit': 'players',
    }),
    scoreEventsPerSec: Type.Number({
      default: 1000,
      minimum: 0,
      maximum: 5000,
      description:
        'Score events per second: a random player gains 1–100 points (ZINCRBY in Redis, UPDATE in SQLite).',
      'x-unit': 'events/s',
      'x-live': true,
    }),
    queriesPerSec: Type.Number({
      default: 5,
      minimum: 0,
      maximum: 50,
      description:
        'Leaderboard queries per second, each asked of both stores: the top N, and one random player’s rank.',
      'x-unit': 'queries/s',
      'x-live': true,
    }),
    topN: Type.Integer({
      default: 10,
      minimum: 1,
      maximum: 100,
      description: 'How many leaders the top-N query returns.',
      'x-unit': 'players',
    }),
    sqlIndex: Type.Boolean({
      default: false,
      description:
        'Give SQLite an index on (score, player), as a DBA would: top N becomes a short index walk, but a rank still counts everyone ahead.',
    }),
    seed: Type.Integer({
      default: 42,
      minimum: 0,
      maximum: 2_147_483_647,
      description: 'Seeds which players score and how much, so a rerun repeats them.',
    }),
  },
  { additionalProperties: false },
);

export type LeaderboardParams = Static<typeof leaderboardParams>;
