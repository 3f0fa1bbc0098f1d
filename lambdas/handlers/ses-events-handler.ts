import { dynamoDocumentClient } from '../publish/aws/aws-clients.ts';
import { DynamoSendLedger } from '../publish/aws/dynamo-send-ledger.ts';
import { DynamoSubscriberStore } from '../publish/aws/dynamo-subscriber-store.ts';
import type { RunLogger, SendLedger, SubscriberStore } from '../publish/index.ts';
import { type SettleResult, settleSesEvent } from '../publish/settle-ses-event.ts';
import { recordSesEvent, type SesEventResult } from '../publish/subscription/record-ses-event.ts';
import { defineHandler } from './define-handler.ts';
import { sesEventsFunctionConfigSchema } from './function-config.ts';
import { loggerFor } from './lambda-logger.ts';

/** The parts of an SNS-triggered Lambda event this handler reads. */
export interface SnsEvent {
  Records: Array<{ Sns: { Message: string; MessageId?: string } }>;
}

/** Dependencies of {@link createSesEventsHandler}. */
export interface SesEventsHandlerDeps {
  store: SubscriberStore;
  /** The send ledger, whose `unknown` entries the events settle; bounces only when absent. */
  ledger?: SendLedger;
  now?: () => number;
  logger?: RunLogger;
}

/** What the handler did with each record, in order. */
export interface SesEventsOutcome {
  results: SesEventResult[];
  settlements: SettleResult[];
}

/**
 * SES events (configuration set → SNS → this function). Each record goes through
 * {@link recordSesEvent} (a permanent bounce or a complaint suppresses the subscriber) and
 * {@link settleSesEvent} (an event proving SES accepted a report message settles its ledger
 * entry). Addresses in logs are masked. A store failure rejects, so Lambda retries the batch:
 * both writes are idempotent.
 */
export function createSesEventsHandler(deps: SesEventsHandlerDeps) {
  return async (event: SnsEvent): Promise<SesEventsOutcome> => {
    const outcome: SesEventsOutcome = { results: [], settlements: [] };
    for (const record of event.Records) {
      const nowMs = deps.now?.() ?? Date.now();
      const result = await recordSesEvent(deps.store, record.Sns.Message, nowMs);
      for (const change of result.changes) {
        deps.logger?.info(`subscriber ${change.found ? change.status : 'not found'}`, {
          ...change,
        });
      }
      outcome.results.push(result);
      if (deps.ledger === undefined) continue;
      const settled = await settleSesEvent(deps.ledger, record.Sns.Message, nowMs);
      if (settled.settled > 0 || settled.unmatched > 0)
        deps.logger?.info('ledger settled', { ...settled });
      outcome.settlements.push(settled);
    }
    return outcome;
  };
}

/** Lambda entry point; the store and ledger are built once per container. */
export const handler = defineHandler(sesEventsFunctionConfigSchema, (config) => {
  const doc = dynamoDocumentClient(config);
  const logger = loggerFor();
  return createSesEventsHandler({
    store: new DynamoSubscriberStore(doc, config.aws.subscribersTable, {
      onInvalid: (item) => logger.warn('unreadable subscriber', { ...item }),
    }),
    ledger: new DynamoSendLedger(doc, { tableName: config.aws.ledgerTable }),
    logger,
  });
});
