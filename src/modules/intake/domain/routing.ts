/**
 * Who gets a new request (seed 001, I4). The chain: the employee who already has an open request
 * with this client, if they are active; otherwise the business's strategy:
 *   main_employee - one person receives everything and distributes it by hand
 *   round_robin   - the active staff in turn
 *   least_busy    - the active employee with the fewest open requests
 * When the chosen person is not active (the main employee is away), the request goes to the
 * least busy active employee instead, so it never waits unseen. Only with no active staff at all
 * does it stay unassigned.
 */
export type RoutingStrategy = 'main_employee' | 'round_robin' | 'least_busy';

export type Employee = {
  id: string;
  active: boolean;
  /** Open requests assigned to them now. */
  openRequests: number;
};

export type RoutingInput = {
  strategy: RoutingStrategy;
  /** In a stable order (e.g. by when they joined): round robin walks it. */
  staff: readonly Employee[];
  mainEmployeeId: string | null;
  /** The last employee round robin chose, where the next turn starts after. */
  lastRoundRobinId: string | null;
  /** The employee with an open request from this client, if any. */
  clientOwnerId: string | null;
};

export type RoutingDecision =
  | { assigneeId: string; reason: 'client_owner' | 'main_employee' | 'round_robin' | 'least_busy' | 'fallback_least_busy' }
  | { assigneeId: null; reason: 'no_active_staff' };

export function chooseAssignee(input: RoutingInput): RoutingDecision {
  const active = input.staff.filter((employee) => employee.active);
  if (active.length === 0) return { assigneeId: null, reason: 'no_active_staff' };
  const owner = active.find((employee) => employee.id === input.clientOwnerId);
  if (owner) return { assigneeId: owner.id, reason: 'client_owner' };
  switch (input.strategy) {
    case 'main_employee': {
      const main = active.find((employee) => employee.id === input.mainEmployeeId);
      return main ? { assigneeId: main.id, reason: 'main_employee' } : { assigneeId: leastBusy(active).id, reason: 'fallback_least_busy' };
    }
    case 'round_robin':
      return { assigneeId: nextInTurn(input.staff, input.lastRoundRobinId).id, reason: 'round_robin' };
    case 'least_busy':
      return { assigneeId: leastBusy(active).id, reason: 'least_busy' };
  }
}

/** Fewest open requests; a tie goes to whoever comes first in the staff order. */
function leastBusy(active: readonly Employee[]): Employee {
  return active.reduce((best, employee) => (employee.openRequests < best.openRequests ? employee : best));
}

/** The first active employee after the last one chosen, wrapping around (the last may have left). */
function nextInTurn(staff: readonly Employee[], lastId: string | null): Employee {
  const start = lastId === null ? -1 : staff.findIndex((employee) => employee.id === lastId);
  for (let step = 1; step <= staff.length; step++) {
    const candidate = staff[(start + step + staff.length) % staff.length]!;
    if (candidate.active) return candidate;
  }
  throw new Error('nextInTurn needs an active employee');
}
