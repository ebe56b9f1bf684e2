/** The wire form of an event, the same in `GET /v1/events` and in every webhook body. */
export type EventBody = { id: string; object: 'event'; type: string; created: number; data: Record<string, unknown> };

export function eventBody(row: { id: string; topic: string; payload: unknown; createdAt: Date }): EventBody {
  return {
    id: row.id,
    object: 'event',
    type: row.topic,
    created: Math.floor(row.createdAt.getTime() / 1000),
    data: (row.payload ?? {}) as Record<string, unknown>,
  };
}
