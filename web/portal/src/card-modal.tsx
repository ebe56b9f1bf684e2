import { Modal } from '@mantine/core';
import { api } from '@shared/api.ts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { CardForm, type CardResult } from './card-form.tsx';
import { PORTAL_API } from './queries.ts';
import type { Me } from './types.ts';

/** Saves a new card as the client's default (waiting declined invoices are charged with it). */
export default function CardModal({ me, onClose, onSaved }: { me: Me; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation('portal');
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: async (result: CardResult) => {
      if ('token' in result) await api(`${PORTAL_API}/card`, { body: { payment_method: result.token } });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries();
      onSaved();
    },
  });
  return (
    <Modal opened onClose={onClose} title={t('card.modal_title')} centered>
      <CardForm
        business={me.business.name}
        submitLabel={t('card_form.save')}
        busy={save.isPending}
        error={save.error}
        onCard={(r) => save.mutate(r)}
        onCancel={onClose}
      />
    </Modal>
  );
}
