import type * as z from 'zod';
import { cacheUntilSuccess } from './cache-until-success.ts';
import { loadFunctionConfig } from './function-config.ts';
import { lambdaLogger } from './lambda-logger.ts';

/** The part of the Lambda context the handlers and the logger read. */
export interface LambdaContext {
  functionName?: string;
  functionVersion?: string;
  invokedFunctionArn?: string;
  memoryLimitInMB?: string;
  awsRequestId?: string;
  getRemainingTimeInMillis(): number;
}

/** A built handler: what `build` returns for one container. */
export type BuiltHandler<E, R, C> = (event: E, context: C) => Promise<R>;

/**
 * The one way a Lambda entry point is defined: at the first invocation (the cold start) the
 * function's settings are read from its environment and validated by its own schema (see
 * function-config.ts: the `aws.*` keys it cannot run without are required, and a missing one
 * names its variable), then `build` makes the real handler from them, once per container. A
 * failed build is not kept (a transient Secrets Manager error must not poison a warm
 * container): the next invocation tries again. Every invocation adds the Lambda context to the
 * Powertools logger, so each line carries the request id, function name and cold start.
 *
 * @example
 * export const handler = defineHandler(sesEventsFunctionConfigSchema, (config) =>
 *   createSesEventsHandler(sesEventsDeps(config)),
 * );
 */
export function defineHandler<S extends z.ZodType, E, R, C extends LambdaContext = LambdaContext>(
  schema: S,
  build: (config: z.output<S>) => BuiltHandler<E, R, C> | Promise<BuiltHandler<E, R, C>>,
): (event: E, context: C) => Promise<R> {
  const cold = cacheUntilSuccess(async () => build(loadFunctionConfig(schema, process.env)));
  return async (event, context) => {
    if (context !== undefined) {
      lambdaLogger.addContext(context as unknown as Parameters<typeof lambdaLogger.addContext>[0]);
    }
    return (await cold())(event, context);
  };
}
