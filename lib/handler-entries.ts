/** The handler file of each function, relative to the repository root. */
export interface HandlerEntries {
  collector: string;
  detect: string;
  digest: string;
  report: string;
  send: string;
  sesEvents: string;
  subscribe: string;
  confirm: string;
  unsubscribe: string;
  preferences: string;
  confirmationMail: string;
}

/** Where the handlers live (lambdas/handlers/, one thin file per function). */
export const HANDLER_ENTRIES: HandlerEntries = {
  collector: 'lambdas/handlers/collector-handler.ts',
  detect: 'lambdas/handlers/detect-handler.ts',
  digest: 'lambdas/handlers/digest-handler.ts',
  report: 'lambdas/handlers/report-handler.ts',
  send: 'lambdas/handlers/send-handler.ts',
  sesEvents: 'lambdas/handlers/ses-events-handler.ts',
  subscribe: 'lambdas/handlers/subscribe-handler.ts',
  confirm: 'lambdas/handlers/confirm-handler.ts',
  unsubscribe: 'lambdas/handlers/unsubscribe-handler.ts',
  preferences: 'lambdas/handlers/preferences-handler.ts',
  confirmationMail: 'lambdas/handlers/confirmation-mail-handler.ts',
};
