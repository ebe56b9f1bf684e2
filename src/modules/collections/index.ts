export { getReminderLadder, loadLadder, type ReminderLadderSetting, updateReminderLadder } from './app/ladder-settings.ts';
export { pauseDunningOnDispute, resumeDunningAfterDispute, stopDunningOnInvoiceEvent } from './app/on-invoice-events.ts';
export { runDueReminders } from './app/run-due-reminders.ts';
export { startDunning } from './app/start-dunning.ts';
export { collectionCases, collectionTasks, dunningSteps, invoiceDunning, reminderLadders } from './db/schema.ts';
export { DEFAULT_LADDER, type Ladder, type LadderStep, validateLadder } from './domain/ladder.ts';
export { collectionRoutes } from './http/routes.ts';
