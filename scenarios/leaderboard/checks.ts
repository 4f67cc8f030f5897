import { notApplicable } from '../src/sdk/contract.ts';
import type { CheckSpec } from '../src/sdk/contract.ts';
import type { LeaderboardParams } from './params.ts';

const ENDED_EARLY = { passed: false, detail: 'the run ended before Redis was read' };

export const leaderboardChecks: CheckSpec<LeaderboardParams>[] = [
  {
    id: 'top-n-matches-tally',
    description:
      'The top N Redis returns at the end (ZREVRANGE, read fresh) is the top N of the clients’ own tally of the points they sent: same players, same scores, same order',
    evaluate(run) {
      const { redisTop, tallyTop } = run.facts;
      if (typeof redisTop !== 'string' || typeof tallyTop !== 'string') return ENDED_EARLY;
      if ((run.summary.updates ?? 0) === 0) {
        return notApplicable('no score event was sent: every player is at 0');
      }
      return {
        passed: redisTop === tallyTop,
        detail:
          redisTop === tallyTop
            ? `Redis and the tally agree: ${redisTop.split(',').slice(0, 3).join(', ')}…`
            : `Redis: ${redisTop}; tally: ${tallyTop}`,
      };
    },
  },
  {
    id: 'ranks-agree-with-sqlite',
    description:
      'For a sample of players, the rank Redis gives (ZREVRANK) equals the rank SQLite computes from its own table',
    evaluate(run) {
      const { ranksSampled, ranksDiffering, firstDifferingRank } = run.facts;
      if (typeof ranksSampled !== 'number' || typeof ranksDiffering !== 'number') {
        return ENDED_EARLY;
      }
      if (ranksSampled === 0) return notApplicable('no player to rank');
      return {
        passed: ranksDiffering === 0,
        detail: `${ranksSampled - ranksDiffering} of ${ranksSampled} sampled ranks agree${ranksDiffering > 0 ? `; first that differs: ${String(firstDifferingRank)}` : ''}`,
      };
    },
  },
  {
    id: 'every-player-on-the-board',
    description:
      'The sorted set holds exactly the players the clients added (ZCARD), as does SQLite (COUNT(*))',
    evaluate(run) {
      const { playersAdded, redisPlayers, sqlPlayers } = run.facts;
      if (
        typeof playersAdded !== 'number' ||
        typeof redisPlayers !== 'number' ||
        typeof sqlPlayers !== 'number'
      ) {
        return ENDED_EARLY;
      }
      return {
        passed: redisPlayers === playersAdded && sqlPlayers === playersAdded,
        detail: `added ${playersAdded}; Redis holds ${redisPlayers}, SQLite ${sqlPlayers}`,
      };
    },
  },
];
