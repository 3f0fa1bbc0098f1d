import { createSendHandler } from '../../../lambdas/handlers/send-handler.ts';
import type { SendMetrics } from '../../../lambdas/handlers/send-metrics.ts';
import { SILENT_LOGGER } from '../../../lambdas/publish/index.ts';
import { type SenderSpec, senderAdapters } from './sender-spec.ts';

/**
 * `sender-process.ts '<SenderSpec JSON>'`: one invocation of the real send handler on one SQS
 * message, in its own process, so a test or the chaos command can SIGKILL it mid-run. Prints
 * the batch response and metrics as one JSON line when it finishes.
 */
const spec = JSON.parse(process.argv[2] ?? '{}') as SenderSpec;
const metrics: SendMetrics[] = [];
const handler = createSendHandler(senderAdapters(spec), {
  logFor: () => SILENT_LOGGER,
  recordMetrics: (values) => void metrics.push(values),
});
const response = await handler(
  { Records: [{ messageId: 'job', body: spec.jobBody }] },
  { getRemainingTimeInMillis: () => spec.remainingMs },
);
process.stdout.write(`${JSON.stringify({ response, metrics })}\n`);
