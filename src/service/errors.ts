// One place that turns any thrown value into the text users see (config problems one per line).

export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
