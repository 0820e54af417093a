import { stopRecordedStack } from './support/stack-state';

/** Stops the emulator and the API (whole process groups) and removes their temporary files. */
export default async function globalTeardown(): Promise<void> {
  await stopRecordedStack((line) => console.log(line));
}
