/**
 * Links to Temporal's web UI for a case. The API's operations responses carry the workflow (its id is the case id, and
 * the diagnostic gives the run id) but not the UI's address nor the namespace: those are the console build's settings
 * VITE_TEMPORAL_UI_URL and VITE_TEMPORAL_NAMESPACE, defaulting to what `npm start` runs (scripts/start.sh).
 */
const UI_URL = (import.meta.env.VITE_TEMPORAL_UI_URL as string | undefined) ?? 'http://127.0.0.1:8233';
const NAMESPACE = (import.meta.env.VITE_TEMPORAL_NAMESPACE as string | undefined) ?? 'default';

const base = () => `${UI_URL.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(NAMESPACE)}`;

/** The workflow list filtered to this case (every run of it, the reset ones included). */
export function temporalCaseLink(caseId: string): string {
  return `${base()}/workflows?query=${encodeURIComponent(`WorkflowId="${caseId}"`)}`;
}

/** One run's history. */
export function temporalRunLink(caseId: string, runId: string): string {
  return `${base()}/workflows/${encodeURIComponent(caseId)}/${encodeURIComponent(runId)}/history`;
}

/** bull-board, served by the API and opened by the console's own session cookie. */
export const BULL_BOARD_PATH = '/ops/queues';
