import { api } from '@shared/api.ts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type Subscription, subscriptionKeys } from './types.ts';

export function useSubscription(id: string) {
  return useQuery({ queryKey: subscriptionKeys.one(id), queryFn: () => api<Subscription>(`/v1/subscriptions/${id}`) });
}

/** After any change: this subscription, the lists, and the invoices it may have issued. */
export function useRefreshSubscription() {
  const queryClient = useQueryClient();
  return (sub: Subscription) => {
    queryClient.setQueryData(subscriptionKeys.one(sub.id), sub);
    void queryClient.invalidateQueries({ queryKey: subscriptionKeys.all });
    void queryClient.invalidateQueries({ queryKey: ['invoices'] });
    void queryClient.invalidateQueries({ queryKey: ['customer'] });
  };
}
