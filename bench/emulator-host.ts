import {
  startDynamoEmulator,
  startS3Emulator,
  startSesEmulator,
} from '../test/integration/emulators.ts';

/**
 * Runs s3rver, aws-ses-v2-local and dynalite in their own process for the send benchmark, so the
 * emulators' memory (the SES emulator keeps every message it receives) is not counted as the
 * sender's heap. Prints the endpoints as one JSON line; stops when its stdin closes.
 */
const running = await Promise.all([startS3Emulator(), startSesEmulator(), startDynamoEmulator()]);
const [s3, ses, dynamodb] = running;
process.stdout.write(
  `${JSON.stringify({ s3: s3.endpoint, ses: ses.endpoint, dynamodb: dynamodb.endpoint })}\n`,
);
process.stdin.resume();
process.stdin.on('end', async () => {
  await Promise.all(running.map((emulator) => emulator.stop()));
  process.exit(0);
});
