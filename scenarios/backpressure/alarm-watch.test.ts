import { expect, it } from 'vitest';
import { parseAlarmRecord, whilePublishing } from './alarm-watch.ts';

it('reads the watcher’s record as rabbitmqctl eval prints it, episode lengths included', () => {
  expect(
    parseAlarmRecord('{2247,2,false,<<"245,2002">>,<<"1764583200100,1764583201000">>}\n'),
  ).toEqual({
    alarmMs: 2247,
    episodes: 2,
    stillSet: false,
    episodeMs: [245, 2002],
    episodeStartMs: [1764583200100, 1764583201000],
  });
  // Printed across lines when long, and with no episode at all.
  expect(parseAlarmRecord('{0,0,\n false,\n <<>>,<<>>}')).toMatchObject({
    episodes: 0,
    episodeMs: [],
  });
  expect(() => parseAlarmRecord('timeout')).toThrow(/answered timeout/);
});

it('leaves out the alarms set after the last message, which no publish could meet', () => {
  const record = parseAlarmRecord('{3005,2,true,<<"2001,1004">>,<<"1000,5000">>}');
  expect(whilePublishing(record, 4990)).toEqual({
    record: {
      alarmMs: 2001,
      episodes: 1,
      stillSet: false,
      episodeMs: [2001],
      episodeStartMs: [1000],
    },
    afterMs: [1004],
  });
  // Set before the last message: counted, still set or not.
  expect(whilePublishing(record, 5000).record).toEqual(record);
  expect(whilePublishing(record, 5000).afterMs).toEqual([]);
});
