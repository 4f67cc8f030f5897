import { describe, expect, it } from 'vitest';
import { assignmentSettled, countMembers, describeAssignment } from './assignment.ts';

describe('assignments', () => {
  const members = [
    { name: 'consumer-1', partitions: [0, 1] },
    { name: 'consumer-2', partitions: [2] },
    { name: 'consumer-3', partitions: [] },
    { name: 'consumer-4', partitions: undefined },
  ];

  it('counts active and idle members and draws the assignment', () => {
    expect(countMembers(members)).toEqual({ active: 2, idle: 1 });
    expect(describeAssignment(members)).toBe('c1→[0,1] c2→[2] c3→[] c4→?');
    expect(describeAssignment([])).toBe('no members');
  });

  it('is settled only when each partition has exactly one joined holder', () => {
    expect(assignmentSettled(members.slice(0, 3), 3)).toBe(true);
    expect(assignmentSettled(members, 3)).toBe(false);
    expect(assignmentSettled(members.slice(0, 2), 4)).toBe(false);
    // A member still reporting the previous generation's partitions.
    expect(assignmentSettled([...members.slice(0, 2), { name: 'c5', partitions: [1] }], 3)).toBe(
      false,
    );
  });
});
