/** Display names of routes for the dashboard and the report: each cause's name, and the generic walk. */
import type { DialogContent } from '../content/loadContent';
import { GENERIC_ROUTE } from '../dialogs/walkPlan';

export function routeLabelsOf(content: Pick<DialogContent, 'causes'>): Record<string, string> {
  const labels: Record<string, string> = { [GENERIC_ROUTE]: 'Backup failed, cause not named (all fixes in order)' };
  for (const cause of content.causes) labels[cause.id] = cause.name;
  return labels;
}
