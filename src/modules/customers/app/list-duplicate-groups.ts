import type { AppContext } from '../../../app-context.ts';
import { inTenantTx } from '../../../platform/db/tx.ts';
import type { TenantContext } from '../../tenants/index.ts';
import type { customers } from '../db/schema.ts';
import { type ClientCard, customersById, type DuplicateReason, loadClientCards } from './find-possible-duplicates.ts';

type CustomerRow = typeof customers.$inferSelect;

export type DuplicateGroup = Omit<Group, 'customerIds'> & { customers: CustomerRow[] };

type Group = {
  /** `dupg_` + the newest member's id: stable while the group keeps its newest member; the page cursor. */
  id: string;
  /** Newest first. */
  customerIds: string[];
  /** What the members share, e.g. { reason: 'email', value: 'anna@example.lv', customerIds: [...] }. */
  matches: { reason: DuplicateReason; value: string; customerIds: string[] }[];
};

/** Union-find: clients sharing any key end up in one group, also through a chain (A~B by email, B~C by phone). */
function groupsOf(cards: ClientCard[]): Group[] {
  const parent = cards.map((_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const holders = new Map<string, number[]>();
  cards.forEach((card, i) => {
    for (const key of card.keys) {
      const id = `${key.reason}:${key.value}`;
      const members = holders.get(id);
      if (members) members.push(i);
      else holders.set(id, [i]);
    }
  });
  const shared = [...holders].filter(([, members]) => members.length > 1);
  for (const [, members] of shared) for (const member of members.slice(1)) parent[root(member)] = root(members[0]!);

  const byRoot = new Map<number, Group>();
  for (const [key, members] of shared) {
    const r = root(members[0]!);
    const group = byRoot.get(r) ?? { id: '', customerIds: [], matches: [] };
    const separator = key.indexOf(':');
    group.matches.push({
      reason: key.slice(0, separator) as DuplicateReason,
      value: key.slice(separator + 1),
      customerIds: members
        .map((m) => cards[m]!.id)
        .sort()
        .reverse(),
    });
    byRoot.set(r, group);
  }
  cards.forEach((card, i) => {
    byRoot.get(root(i))?.customerIds.push(card.id);
  });
  return [...byRoot.values()].map((group) => {
    group.customerIds.sort().reverse();
    return { ...group, id: `dupg_${group.customerIds[0]!.replace(/^cus_/, '')}` };
  });
}

/**
 * The business's possible duplicates for a staff review page: groups of clients who share an
 * email, phone, Telegram chat or name, newest group first, paged by group id.
 */
export async function listDuplicateGroups(ctx: AppContext, tenant: TenantContext, page: { limit: number; startingAfter?: string }): Promise<DuplicateGroup[]> {
  return inTenantTx(ctx.db, tenant.id, async (tx) => {
    const groups = groupsOf(await loadClientCards(tx, tenant.id))
      .filter((group) => !page.startingAfter || group.id < page.startingAfter)
      .sort((a, b) => (a.id < b.id ? 1 : -1))
      .slice(0, page.limit + 1);
    const rows = await customersById(
      tx,
      tenant.id,
      groups.flatMap((group) => group.customerIds),
    );
    return groups.map(({ customerIds, ...group }) => ({ ...group, customers: customerIds.map((id) => rows.get(id)!) }));
  });
}
