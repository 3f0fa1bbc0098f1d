import type { TestProject } from 'vitest/node';
import {
  type RunningEmulator,
  startDynamoEmulator,
  startS3Emulator,
  startSesEmulator,
} from './emulators.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    s3Endpoint: string;
    sesEndpoint: string;
    dynamoEndpoint: string;
  }
}

/**
 * Starts the AWS emulators once for the whole run; tests reach them with
 * `inject('s3Endpoint')` etc. and the real SDK v3 clients.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const running: RunningEmulator[] = [];
  const [s3, ses, dynamo] = await Promise.all([
    startS3Emulator(),
    startSesEmulator(),
    startDynamoEmulator(),
  ]);
  running.push(s3, ses, dynamo);
  project.provide('s3Endpoint', s3.endpoint);
  project.provide('sesEndpoint', ses.endpoint);
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return async () => {
    await Promise.all(running.map((emulator) => emulator.stop()));
  };
}
