import { InvokeCommand, type InvokeCommandOutput, LambdaClient } from '@aws-sdk/client-lambda';
import { AftershockError } from '../../lambdas/errors.ts';
import { errorText } from '../../lambdas/shared/error-text.ts';

/** Calls the deployed report function with an event and returns its JSON answer. */
export type ReportInvoker = (functionName: string, event: unknown) => Promise<unknown>;

/** Options of {@link lambdaInvoker}. */
export interface LambdaInvokerOptions {
  region?: string;
  /** Only for tests (a closed local port); in use the SDK's regional endpoint. */
  endpoint?: string;
}

function errorName(error: unknown): string {
  return (error as { name?: unknown } | null)?.name?.toString() ?? '';
}

function httpStatus(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

/**
 * Turns an SDK failure into a message an editor can act on: no credentials,
 * not allowed, no such function, or the network.
 */
export function describeInvokeError(error: unknown, functionName: string): AftershockError {
  const name = errorName(error);
  const message = errorText(error);
  if (name === 'CredentialsProviderError' || /credential/i.test(message)) {
    return new AftershockError(
      'no AWS credentials found: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (or run "aws sso login").',
      { cause: error },
    );
  }
  if (name === 'AccessDeniedException' || httpStatus(error) === 403) {
    return new AftershockError(
      `your IAM identity may not invoke ${functionName}: ask for the Aftershock editors policy.`,
      { cause: error },
    );
  }
  if (name === 'ResourceNotFoundException') {
    return new AftershockError(
      `function ${functionName} not found in this account and region: check --function and --region.`,
      { cause: error },
    );
  }
  return new AftershockError(`could not invoke ${functionName}: ${message}`, { cause: error });
}

/**
 * {@link ReportInvoker} over `lambda:InvokeFunction` with the caller's own
 * credentials (the default provider chain: env, profile, SSO). A function error
 * (the handler threw) is reported with the function's own message.
 */
export function lambdaInvoker(options: LambdaInvokerOptions = {}): ReportInvoker {
  const client = new LambdaClient({
    ...(options.region ? { region: options.region } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    maxAttempts: 1,
  });
  return async (functionName, event) => {
    let response: InvokeCommandOutput;
    try {
      response = await client.send(
        new InvokeCommand({ FunctionName: functionName, Payload: JSON.stringify(event) }),
      );
    } catch (error) {
      throw describeInvokeError(error, functionName);
    }
    const text = response.Payload ? new TextDecoder().decode(response.Payload) : 'null';
    if (response.FunctionError) {
      throw new AftershockError(`the report function failed: ${text}`);
    }
    return JSON.parse(text) as unknown;
  };
}
