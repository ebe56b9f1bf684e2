import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseAssignee, type Employee, type RoutingStrategy } from './routing.ts';

type Arrival = { kind: 'arrive'; client: number };
type Toggle = { kind: 'toggle'; employee: number };
type Close = { kind: 'close'; pick: number };
type Step = Arrival | Toggle | Close;

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('arrive' as const), client: fc.integer({ min: 0, max: 5 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('toggle' as const), employee: fc.integer({ min: 0, max: 4 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('close' as const), pick: fc.nat() }) },
);

const scenario = fc.record({
  strategy: fc.constantFrom<RoutingStrategy>('main_employee', 'round_robin', 'least_busy'),
  initiallyActive: fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }),
  mainEmployee: fc.nat(),
  steps: fc.array(step, { maxLength: 60 }),
});

/**
 * Random arrivals, staff going on and off shift and requests being finished: every arrival is
 * routed by the rules of its business's strategy, and none is left unassigned while anyone works.
 */
describe('routing a new request', () => {
  it('follows the client owner first, then the strategy, and never leaves a request unassigned while staff are active', () => {
    fc.assert(
      fc.property(scenario, ({ strategy, initiallyActive, mainEmployee, steps }) => {
        const ids = initiallyActive.map((_, i) => `emp_${i}`);
        const active = [...initiallyActive];
        const mainEmployeeId = ids[mainEmployee % ids.length]!;
        const requests: { client: number; assignee: string | null; open: boolean }[] = [];
        let lastRoundRobinId: string | null = null;
        for (const s of steps) {
          if (s.kind === 'toggle') {
            if (s.employee < ids.length) active[s.employee] = !active[s.employee];
            continue;
          }
          if (s.kind === 'close') {
            const open = requests.filter((r) => r.open);
            if (open.length > 0) open[s.pick % open.length]!.open = false;
            continue;
          }
          const staff: Employee[] = ids.map((id, i) => ({
            id,
            active: active[i]!,
            openRequests: requests.filter((r) => r.open && r.assignee === id).length,
          }));
          const clientOwnerId = [...requests].reverse().find((r) => r.open && r.client === s.client && r.assignee !== null)?.assignee ?? null;
          const decision = chooseAssignee({ strategy, staff, mainEmployeeId, lastRoundRobinId, clientOwnerId });
          const activeStaff = staff.filter((e) => e.active);

          if (activeStaff.length === 0) {
            expect(decision).toEqual({ assigneeId: null, reason: 'no_active_staff' });
          } else {
            const assignee = staff.find((e) => e.id === decision.assigneeId);
            expect(assignee?.active).toBe(true);
            const owner = activeStaff.find((e) => e.id === clientOwnerId);
            const fewest = Math.min(...activeStaff.map((e) => e.openRequests));
            if (owner) expect(decision.assigneeId).toBe(owner.id);
            else if (strategy === 'least_busy') expect(assignee!.openRequests).toBe(fewest);
            else if (strategy === 'main_employee') {
              if (activeStaff.some((e) => e.id === mainEmployeeId)) expect(decision.assigneeId).toBe(mainEmployeeId);
              else expect(assignee!.openRequests).toBe(fewest);
            } else {
              // Round robin: nobody active sits between the previous turn and this one.
              const turnsAfterLast = (id: string) => {
                const last = ids.indexOf(lastRoundRobinId ?? '');
                const distance = (ids.indexOf(id) - last + ids.length) % ids.length;
                return last === -1 ? ids.indexOf(id) + 1 : distance === 0 ? ids.length : distance;
              };
              expect(turnsAfterLast(decision.assigneeId!)).toBe(Math.min(...activeStaff.map((e) => turnsAfterLast(e.id))));
              lastRoundRobinId = decision.assigneeId;
            }
          }
          requests.push({ client: s.client, assignee: decision.assigneeId, open: true });
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives each active employee one turn in round robin before anyone gets a second', () => {
    const staff: Employee[] = ['emp_a', 'emp_b', 'emp_c'].map((id) => ({ id, active: id !== 'emp_b', openRequests: 0 }));
    const turns: string[] = [];
    let last: string | null = null;
    for (let i = 0; i < 4; i++) {
      const decision = chooseAssignee({ strategy: 'round_robin', staff, mainEmployeeId: null, lastRoundRobinId: last, clientOwnerId: null });
      last = decision.assigneeId;
      turns.push(last!);
    }
    expect(turns).toEqual(['emp_a', 'emp_c', 'emp_a', 'emp_c']);
  });

  it('sends everything to the main employee, and to the least busy colleague while they are away', () => {
    const staff: Employee[] = [
      { id: 'emp_main', active: true, openRequests: 9 },
      { id: 'emp_x', active: true, openRequests: 2 },
      { id: 'emp_y', active: true, openRequests: 1 },
    ];
    const input = { strategy: 'main_employee' as const, staff, mainEmployeeId: 'emp_main', lastRoundRobinId: null, clientOwnerId: null };
    expect(chooseAssignee(input)).toEqual({ assigneeId: 'emp_main', reason: 'main_employee' });
    staff[0]!.active = false;
    expect(chooseAssignee(input)).toEqual({ assigneeId: 'emp_y', reason: 'fallback_least_busy' });
    // A client already talking to emp_x stays with emp_x, whatever the strategy.
    expect(chooseAssignee({ ...input, clientOwnerId: 'emp_x' })).toEqual({ assigneeId: 'emp_x', reason: 'client_owner' });
  });
});
