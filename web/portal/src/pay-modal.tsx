import { Alert, Button, Group, Modal, Radio, Stack, Text } from '@mantine/core';
import { api } from '@shared/api.ts';
import { formatMoney } from '@shared/format.ts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CardForm, type CardResult } from './card-form.tsx';
import { errorText } from './errors.ts';
import { PORTAL_API } from './queries.ts';
import type { Invoice, Me } from './types.ts';

const brandName = (brand: string) => brand.charAt(0).toUpperCase() + brand.slice(1);

/**
 * Pays one invoice with the saved card or a card entered here. One Idempotency-Key per attempt,
 * reused while it is in flight, so a double tap never charges twice.
 */
export default function PayModal({ me, invoice, onClose, onPaid }: { me: Me; invoice: Invoice; onClose: () => void; onPaid: (invoice: Invoice) => void }) {
  const { t, i18n } = useTranslation('portal');
  const queryClient = useQueryClient();
  const [method, setMethod] = useState<'saved' | 'new'>(me.card ? 'saved' : 'new');
  const attempt = useRef<{ key: string; inFlight: boolean }>({ key: crypto.randomUUID(), inFlight: false });
  const amount = formatMoney(invoice.amount_due, invoice.currency, i18n.language);
  const pay = useMutation({
    mutationFn: (paymentMethod?: string) =>
      api<Invoice>(`${PORTAL_API}/invoices/${invoice.id}/pay`, {
        body: paymentMethod ? { payment_method: paymentMethod } : {},
        idempotencyKey: attempt.current.key,
      }),
    onSettled: async () => {
      attempt.current = { key: crypto.randomUUID(), inFlight: false };
      await queryClient.invalidateQueries();
    },
    onSuccess: (paid) => onPaid(paid),
  });
  const submit = (paymentMethod?: string) => {
    if (attempt.current.inFlight) return;
    attempt.current.inFlight = true;
    pay.mutate(paymentMethod);
  };
  const fromCardForm = (result: CardResult) => submit('token' in result ? result.token : undefined);
  const label = t('invoices.pay', { amount });
  return (
    <Modal opened onClose={onClose} title={t('pay.title', { number: invoice.number ?? invoice.id })} centered>
      <Stack gap="md">
        <div>
          <Text size="sm" c="gray.7">
            {t('pay.amount')}
          </Text>
          <Text size="xl" fw={700}>
            {amount}
          </Text>
        </div>
        {me.card && (
          <Radio.Group label={t('pay.method')} value={method} onChange={(v) => setMethod(v as 'saved' | 'new')}>
            <Stack gap="xs" mt="xs">
              <Radio value="saved" label={t('pay.with_saved', { brand: brandName(me.card.brand), last4: me.card.last4 })} />
              <Radio value="new" label={t('pay.with_new')} />
            </Stack>
          </Radio.Group>
        )}
        {method === 'saved' ? (
          <>
            {pay.error && (
              <Alert color="red" role="alert">
                {errorText(t, pay.error)}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('card_form.cancel')}
              </Button>
              <Button loading={pay.isPending} onClick={() => submit()}>
                {label}
              </Button>
            </Group>
          </>
        ) : (
          <CardForm business={me.business.name} submitLabel={label} busy={pay.isPending} error={pay.error} onCard={fromCardForm} onCancel={onClose} />
        )}
      </Stack>
    </Modal>
  );
}
