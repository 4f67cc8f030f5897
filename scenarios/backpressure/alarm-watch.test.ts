import { expect, it } from 'vitest';
import { parseAlarmRecord } from './alarm-watch.ts';

it('reads the watcher’s record as rabbitmqctl eval prints it, episode lengths included', () => {
  expect(parseAlarmRecord('{2247,2,false,<<"245,2002">>}\n')).toEqual({
    alarmMs: 2247,
    episodes: 2,
    stillSet: false,
    episodeMs: [245, 2002],
  });
  // Printed across lines when long, and with no episode at all.
  expect(parseAlarmRecord('{0,0,\n false,\n <<>>}')).toMatchObject({ episodes: 0, episodeMs: [] });
  expect(() => parseAlarmRecord('timeout')).toThrow(/answered timeout/);
});
