/**
 * Runs `work` for each ward on its own, so one ward's bad state cannot stop a job for the others.
 * Failures are reported (by ward id, never with data) and only rethrown when every ward failed,
 * which points at something shared (the database) and lets the tick run again.
 */
export async function eachWard<W extends { id: string }>(
  wards: W[],
  work: (ward: W) => Promise<void>,
  report: (wardId: string, error: unknown) => void,
): Promise<{ failed: string[] }> {
  const failed: string[] = [];
  let lastError: unknown;
  for (const ward of wards) {
    try {
      await work(ward);
    } catch (error) {
      failed.push(ward.id);
      lastError = error;
      report(ward.id, error);
    }
  }
  if (wards.length > 0 && failed.length === wards.length) throw lastError;
  return { failed };
}
