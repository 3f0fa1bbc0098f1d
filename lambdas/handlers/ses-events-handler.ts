import { ConfigError } from '../errors.ts';
import { applyEnvOverrides, parseConfig } from '../load-config.ts';
import { dynamoDocumentClient } from '../publish/aws/aws-clients.ts';
import { DynamoSubscriberStore } from '../publish/aws/dynamo-subscriber-store.ts';
import type { SubscriberStore } from '../publish/ports.ts';
import { recordSesEvent, type SesEventResult } from '../publish/subscription/record-ses-event.ts';
import { logLine } from './lambda-logger.ts';

/** The parts of an SNS-triggered Lambda event this handler reads. */
export interface SnsEvent {
  Records: Array<{ Sns: { Message: string; MessageId?: string } }>;
}

/** Dependencies of {@link createSesEventsHandler}. */
export interface SesEventsHandlerDeps {
  store: SubscriberStore;
  now?: () => number;
  log?: (line: string) => void;
}

/**
 * SES bounce/complaint notifications (configuration set → SNS → this function): each
 * record's message goes through {@link recordSesEvent}; changes are logged with masked
 * addresses. A store failure rejects, so Lambda retries the batch (status writes are idempotent).
 */
export function createSesEventsHandler(deps: SesEventsHandlerDeps) {
  return async (event: SnsEvent): Promise<{ results: SesEventResult[] }> => {
    const results: SesEventResult[] = [];
    for (const record of event.Records) {
      const result = await recordSesEvent(
        deps.store,
        record.Sns.Message,
        deps.now?.() ?? Date.now(),
      );
      for (const change of result.changes) {
        deps.log?.(
          `${change.email}: ${change.found ? change.status : `${change.status}, not a subscriber`}`,
        );
      }
      if (result.ignored !== undefined) deps.log?.(`ignored ${result.ignored}`);
      results.push(result);
    }
    return { results };
  };
}

let built: ReturnType<typeof createSesEventsHandler> | null = null;

/** Lambda entry point; the store is built from the environment at cold start. */
export function handler(event: SnsEvent): Promise<{ results: SesEventResult[] }> {
  if (built === null) {
    const config = parseConfig(applyEnvOverrides({}, process.env));
    const table = config.aws.subscribersTable;
    if (table === undefined) {
      throw new ConfigError(
        'aws.subscribersTable',
        'is required (env AFTERSHOCK_SUBSCRIBERS_TABLE)',
      );
    }
    const store = new DynamoSubscriberStore(dynamoDocumentClient(config), table, {
      onInvalid: (item) => console.warn(`unreadable subscriber ${item.key}: ${item.reason}`),
    });
    built = createSesEventsHandler({ store, log: logLine });
  }
  return built(event);
}
