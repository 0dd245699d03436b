import { z } from 'zod';
import { UsageError } from '../../errors.js';

/** Events a preview may ask for: enough for a funnel, little enough to answer at once. */
export const PREVIEW_MAX_EVENTS = 20_000;
export const PREVIEW_DEFAULT_EVENTS = 5_000;
/** The preview's simulated start when none is given: a fixed one, so a preview is a command line. */
export const PREVIEW_DEFAULT_START = '2024-01-01T00:00:00Z';

/** What the page sends: a built-in scenario by name, or pasted text; `--set` values; what to preview. */
const PageRequestSchema = z
  .strictObject({
    scenario: z.string().min(1).optional(),
    yaml: z.string().optional(),
    set: z.array(z.string()).max(200).default([]),
    seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    count: z.number().int().min(1).max(PREVIEW_MAX_EVENTS).default(PREVIEW_DEFAULT_EVENTS),
    start: z.string().min(1).default(PREVIEW_DEFAULT_START),
  })
  .refine((r) => (r.scenario === undefined) !== (r.yaml === undefined), 'give either scenario (a built-in name) or yaml (the scenario text)');
export type PageRequest = z.infer<typeof PageRequestSchema>;

/** Parses a page request body; a UsageError (BAD_BODY) says what is wrong and where. */
export function parsePageRequest(body: Buffer): PageRequest {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw new UsageError('BAD_BODY', 'the body is not JSON; send {"scenario": NAME} or {"yaml": TEXT}, with set, seed, count and start if wanted');
  }
  const parsed = PageRequestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length === 0 ? 'the body' : issue.path.join('.');
    throw new UsageError('BAD_BODY', `${where}: ${issue.message}`);
  }
  return parsed.data;
}
