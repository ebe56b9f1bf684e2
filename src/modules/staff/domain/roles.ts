/** What a member of a business may do: each role includes everything below it. */
export const ROLES = ['owner', 'manager', 'staff'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { staff: 1, manager: 2, owner: 3 };

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function roleAllows(role: Role, minRole: Role): boolean {
  return RANK[role] >= RANK[minRole];
}

/**
 * The least role a route needs when it does not say: anyone may look (GET/HEAD),
 * changing things takes a manager. Routes widen (staff) or narrow (owner) this in their config.
 */
export function defaultMinRole(method: string): Role {
  return method === 'GET' || method === 'HEAD' ? 'staff' : 'manager';
}
