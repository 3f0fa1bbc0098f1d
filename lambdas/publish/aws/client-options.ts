import type { Config } from '../../config.ts';

/** Static credentials, for emulators only; in AWS the default provider chain is used. */
export interface StaticCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** Options shared by every client factory below. */
export interface AwsClientOptions {
  /** Only for emulators and tests; omitted in Lambda so the execution role is used. */
  credentials?: StaticCredentials;
}

/** The part of the config a client factory reads. */
export type AwsSection = Pick<Config, 'aws'>;

/** Region, endpoint and (emulators only) credentials every client factory starts from. */
export function baseOptions(
  config: AwsSection,
  endpoint: string | undefined,
  options: AwsClientOptions,
): { region?: string; endpoint?: string; credentials?: StaticCredentials } {
  return {
    ...(config.aws.region ? { region: config.aws.region } : {}),
    ...(endpoint ? { endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  };
}
