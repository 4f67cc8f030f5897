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
Loop = fun Loop(Since, Total, Episodes, Deadline) ->
  receive
    {stop, From} ->
      Now = erlang:monotonic_time(millisecond),
      Open = case Since of undefined -> 0; _ -> Now - Since end,
      From ! {alarm, Total + Open, Episodes, Since =/= undefined}
  after 10 ->
    Now = erlang:monotonic_time(millisecond),
    case {Alarmed(), Since} of
      {true, undefined} -> Loop(Now, Total, Episodes + 1, Deadline);
      {false, S} when is_integer(S) -> Loop(undefined, Total + Now - S, Episodes, Deadline);
      _ when Now > Deadline -> done;
      _ -> Loop(Since, Total, Episodes, Deadline)
    end
  end
end,
Pid = spawn(fun() -> Loop(undefined, 0, 0, erlang:monotonic_time(millisecond) + ${LIFETIME_MS}) end),
register(${NAME}, Pid), {watermark, Base, Base + ${headroomBytes}}.`;

const STOP = `
${NAME} ! {stop, self()},
receive {alarm, T, E, Open} -> {T, E, Open} after 5000 -> timeout end.`;

export interface AlarmRecord {
  /** Milliseconds the node's memory alarm was set while watched. */
  alarmMs: number;
  /** Times it went from clear to set. */
  episodes: number;
  /** Still set when the watch ended. */
  stillSet: boolean;
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

/** Parses the watcher's `{Ms, Episodes, StillSet}` as rabbitmqctl prints it. */
export function parseAlarmRecord(out: string): AlarmRecord {
  const m = /\{(\d+),(\d+),(true|false)\}/.exec(out.replace(/\s+/g, ''));
  if (!m) throw new Error(`the alarm watch answered ${out.trim()}`);
  return { alarmMs: Number(m[1]), episodes: Number(m[2]), stillSet: m[3] === 'true' };
}
