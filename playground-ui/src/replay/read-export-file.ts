// Reads a file a person picked or dropped: it must be JSON; whether it is an export the server
// decides (its schema names what is wrong).
const MAX_BYTES = 20 * 1024 * 1024;

export async function readExportFile(file: File): Promise<unknown> {
  if (file.size > MAX_BYTES) {
    throw new Error(`it is ${(file.size / 1024 / 1024).toFixed(1)} MB; at most 20 MB is taken`);
  }
  const text = await file.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error('it is not JSON (expected a file exported from the Runs page)');
  }
}
