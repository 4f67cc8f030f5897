// The broker's own record of its memory alarm, kept on the node itself: a process started there
// with `rabbitmqctl eval` samples rabbit_alarm every 10 ms and sums the time the memory alarm
// was set, so the client's blocked time can be held against a clock the client does not own.
import type { PrivateRabbitmq } from '../src/sdk/contract.ts';

const NAME = 'backpressure_alarm_watch';
// Ends by itself should nobody ask for its result (the node dies with the run anyway).
const LIFETIME_MS = 180_000;

// Sets the watermark `headroom` bytes above what the node uses now (what rabbitmqctl
// set_vm_memory_high_watermark absolute does) and starts the watcher, in one eval: each
// rabbitmqctl call boots an Erlang VM of its own, about half a second of CPU.
const start = (headroomBytes: number): string => `
Base = vm_memory_monitor:get_process_memory(),
ok = vm_memory_monitor:set_vm_memory_high_watermark({absolute, Base + ${headroomBytes}}),
Alarmed = fun() -> lists:any(fun({{resource_limit, memory, _}, _}) -> true; (_) -> false end,
                             rabbit_alarm:get_alarms()) end,
Loop = fun Loop(Since, Total, Episodes, Lengths, Starts, Deadline) ->
  receive
    {stop, From} ->
      Now = erlang:monotonic_time(millisecond),
      Open = case Since of undefined -> 0; _ -> Now - Since end,
      All = case Since of undefined -> Lengths; _ -> [Open | Lengths] end,
      % Joined into a binary: a list of small integers would print as a string.
      Join = fun(Xs) -> list_to_binary(lists:join(",", [integer_to_list(X) || X <- lists:reverse(Xs)])) end,
      From ! {alarm, Total + Open, Episodes, Since =/= undefined, Join(All), Join(Starts)}
  after 10 ->
    Now = erlang:monotonic_time(millisecond),
    case {Alarmed(), Since} of
      {true, undefined} ->
        Loop(Now, Total, Episodes + 1, Lengths, [erlang:system_time(millisecond) | Starts], Deadline);
      {false, S} when is_integer(S) ->
        Loop(undefined, Total + Now - S, Episodes, [Now - S | Lengths], Starts, Deadline);
      _ when Now > Deadline -> done;
      _ -> Loop(Since, Total, Episodes, Lengths, Starts, Deadline)
    end
  end
end,
Pid = spawn(fun() -> Loop(undefined, 0, 0, [], [], erlang:monotonic_time(millisecond) + ${LIFETIME_MS}) end),
register(${NAME}, Pid), {watermark, Base, Base + ${headroomBytes}}.`;

const STOP = `
${NAME} ! {stop, self()},
receive {alarm, T, E, Open, L, S} -> {T, E, Open, L, S} after 5000 -> timeout end.`;

export interface AlarmRecord {
  /** Milliseconds the node's memory alarm was set while watched. */
  alarmMs: number;
  /** Times it went from clear to set. */
  episodes: number;
  /** Still set when the watch ended. */
  stillSet: boolean;
  /** Each episode's length in ms, in order (the last one up to the watch's end if still set). */
  episodeMs: number[];
  /**
   * When each began, wall-clock ms (the node runs on this machine, so the client's Date.now()
   * is the same clock): tells an alarm the publisher could meet from one set after its last
   * message.
   */
  episodeStartMs: number[];
}

export interface Watermark {
  /** What the node used when the watermark was set, in bytes. */
  baseBytes: number;
  watermarkBytes: number;
}

/** Lowers the node's watermark to `headroomBytes` above its use now and starts the watch. */
export async function startAlarmWatch(
  node: PrivateRabbitmq,
  headroomBytes: number,
): Promise<Watermark> {
  const out = await node.ctl('eval', start(Math.round(headroomBytes)));
  const m = /\{watermark,(\d+),(\d+)\}/.exec(out.replace(/\s+/g, ''));
  if (!m) throw new Error(`setting the watermark answered ${out.trim()}`);
  return { baseBytes: Number(m[1]), watermarkBytes: Number(m[2]) };
}

export async function stopAlarmWatch(node: PrivateRabbitmq): Promise<AlarmRecord> {
  return parseAlarmRecord(await node.ctl('eval', STOP));
}

/**
 * Parses the watcher's `{Ms, Episodes, StillSet, <<"Lengths">>, <<"Starts">>}` as rabbitmqctl
 * prints it.
 */
export function parseAlarmRecord(out: string): AlarmRecord {
  const m = /\{(\d+),(\d+),(true|false),<<(?:"([\d,]*)")?>>,<<(?:"([\d,]*)")?>>\}/.exec(
    out.replace(/\s+/g, ''),
  );
  if (!m) throw new Error(`the alarm watch answered ${out.trim()}`);
  const list = (text: string | undefined): number[] => (text ? text.split(',').map(Number) : []);
  return {
    alarmMs: Number(m[1]),
    episodes: Number(m[2]),
    stillSet: m[3] === 'true',
    episodeMs: list(m[4]),
    episodeStartMs: list(m[5]),
  };
}

/**
 * The record without the episodes that began after `lastPublishMs` (wall clock): RabbitMQ blocks
 * a connection when it publishes, so an alarm set by the last messages, after which nothing was
 * sent, cannot block it. Returns the episodes left out separately.
 */
export function whilePublishing(
  record: AlarmRecord,
  lastPublishMs: number,
): { record: AlarmRecord; afterMs: number[] } {
  const keep = record.episodeStartMs.map((start) => start <= lastPublishMs);
  // Without a start for each episode nothing can be told apart: all of them stay.
  if (keep.length !== record.episodeMs.length) return { record, afterMs: [] };
  const episodeMs = record.episodeMs.filter((_, i) => keep[i]);
  const afterMs = record.episodeMs.filter((_, i) => !keep[i]);
  const lastKept = keep.at(-1) === true;
  return {
    record: {
      alarmMs: episodeMs.reduce((a, b) => a + b, 0),
      episodes: episodeMs.length,
      stillSet: record.stillSet && lastKept,
      episodeMs,
      episodeStartMs: record.episodeStartMs.filter((_, i) => keep[i]),
    },
    afterMs,
  };
}
