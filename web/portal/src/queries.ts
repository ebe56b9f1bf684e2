import { api, type ListPage } from '@shared/api.ts';
import { useQuery } from '@tanstack/react-query';
import type { HistoryEntry, Invoice, Me } from './types.ts';

export const PORTAL_API = '/portal/api';

export const keys = { me: ['me'], invoices: ['invoices'], payments: ['payments'] } as const;

export const useMe = () => useQuery({ queryKey: keys.me, queryFn: () => api<Me>(`${PORTAL_API}/me`), retry: false });
export const useInvoices = () => useQuery({ queryKey: keys.invoices, queryFn: () => api<ListPage<Invoice>>(`${PORTAL_API}/invoices`) });
export const usePayments = () => useQuery({ queryKey: keys.payments, queryFn: () => api<ListPage<HistoryEntry>>(`${PORTAL_API}/payments`) });
