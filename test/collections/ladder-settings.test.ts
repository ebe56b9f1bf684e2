import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../http/helpers.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const DEFAULT_STEPS = [
  ['upcoming', -3, 'upcoming', []],
  ['due_today', 0, 'due_today', []],
  ['friendly', 3, 'friendly', []],
  ['firm', 10, 'firm', []],
  ['final_notice', 21, 'final', []],
  ['hand_off', 30, 'hand_off', ['hand_off']],
];

const step = (key: string, offset_days: number, template: string | null, actions: unknown[] = []) => ({ key, offset_days, template, actions });

/** GET/POST /v1/settings/reminder_ladder: defaults, replacing fields, and strict validation. */
describe('reminder ladder settings', () => {
  let app: TestApp;
  let apiKey: string;
  beforeAll(async () => {
    app = await startTestApp();
    apiKey = (await app.tenant({ name: 'Settings Studio' })).apiKey;
  });
  afterAll(() => app.stop());

  const get = () => app.api(apiKey, 'GET', '/v1/settings/reminder_ladder');
  const post = (body: unknown) => app.api(apiKey, 'POST', '/v1/settings/reminder_ladder', body);
  const shape = (body: any) => body.steps.map((s: any) => [s.key, s.offset_days, s.template, s.actions.map((a: any) => a.type)]);

  it('starts with the default ladder: -3, 0, +3, +10, +21 and hand-off at +30, on the client’s channels', async () => {
    const res = await get();
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ object: 'reminder_ladder', write_off_on_hand_off: false, updated: null });
    expect(shape(res.body)).toEqual(DEFAULT_STEPS);
    expect(res.body.steps.every((s: any) => s.channels === null)).toBe(true);
  });

  it('replaces only the fields given and returns the whole setting', async () => {
    const res = await post({ write_off_on_hand_off: true });
    expect(res.status).toBe(200);
    expect(res.body.write_off_on_hand_off).toBe(true);
    expect(shape(res.body)).toEqual(DEFAULT_STEPS);
    const custom = await post({
      steps: [step('soon', -2, 'upcoming'), step('late', 7, 'firm', [{ type: 'late_fee' }]), step('agency', 14, 'final', [{ type: 'hand_off' }])],
    });
    expect(custom.status).toBe(200);
    expect(shape(custom.body)).toEqual([
      ['soon', -2, 'upcoming', []],
      ['late', 7, 'firm', ['late_fee']],
      ['agency', 14, 'final', ['hand_off']],
    ]);
    expect(custom.body.write_off_on_hand_off).toBe(true);
    expect((await get()).body).toEqual(custom.body);
    // Another business still has the default.
    const other = await app.tenant({ name: 'Other Settings Studio' });
    expect(shape((await app.api(other.apiKey, 'GET', '/v1/settings/reminder_ladder')).body)).toEqual(DEFAULT_STEPS);
  });

  it.each([
    ['offsets not strictly increasing', [step('a', 3, 'friendly'), step('b', 3, 'firm')], 'reminder_ladder_invalid', 'steps[1][offset_days]'],
    ['a key used twice', [step('a', 3, 'friendly'), step('a', 5, 'firm')], 'reminder_ladder_invalid', 'steps[1][key]'],
    [
      'two hand-offs',
      [step('a', 3, 'friendly', [{ type: 'hand_off' }]), step('b', 5, 'firm', [{ type: 'hand_off' }])],
      'reminder_ladder_invalid',
      'steps[0][actions][0]',
    ],
    ['a hand-off that is not last', [step('a', 3, 'final', [{ type: 'hand_off' }]), step('b', 5, 'firm')], 'reminder_ladder_invalid', 'steps[0][actions][0]'],
    ['a late fee before the due date', [step('a', 0, 'due_today', [{ type: 'late_fee' }])], 'reminder_ladder_invalid', 'steps[0][actions][0]'],
    ['an "upcoming" message after the due date', [step('a', 3, 'upcoming')], 'reminder_ladder_invalid', 'steps[0][template]'],
    ['a step that does nothing', [step('a', 3, null)], 'reminder_ladder_invalid', 'steps[0]'],
    ['no steps at all', [], 'reminder_ladder_invalid', 'steps'],
    ['an unknown action', [step('a', 3, 'friendly', [{ type: 'send_flowers' }])], 'parameter_invalid', 'steps[0][actions][0][type]'],
    ['an unknown channel', [{ ...step('a', 3, 'friendly'), channels: ['fax'] }], 'parameter_invalid', 'steps[0][channels][0]'],
    ['an unknown template', [step('a', 3, 'angry')], 'parameter_invalid', 'steps[0][template]'],
    ['a fractional offset', [step('a', 2.5, 'friendly')], 'parameter_invalid', 'steps[0][offset_days]'],
    [
      'a task without an email',
      [step('a', 3, 'friendly', [{ type: 'assign_task', assignee_email: 'nobody' }])],
      'parameter_invalid',
      'steps[0][actions][0][assignee_email]',
    ],
  ])('rejects %s with a 400 naming the parameter, and changes nothing', async (_name, steps, code, param) => {
    const before = (await get()).body;
    expectError(await post({ steps }), 400, code, param);
    expect((await get()).body).toEqual(before);
  });

  it('rejects unknown fields and needs an API key', async () => {
    expectError(await post({ steps: [step('a', 3, 'friendly')], tone: 'stern' }), 400, 'parameter_unknown', 'tone');
    expect((await app.api(null, 'GET', '/v1/settings/reminder_ladder')).status).toBe(401);
  });
});
