/**
 * Links to Temporal's web UI for one case, built from the deployment's TEMPORAL_UI_URL and namespace, so the console
 * follows wherever this API's Temporal is (a console build cannot know it). The workflow id is the case id.
 */
export interface TemporalUiLinks {
  /** The workflow list filtered to this case: every run of it, the reset ones included. */
  caseRuns: string;
  /** One run's history, when the workflow could be read. */
  run: string | null;
}

export function temporalUiLinks(uiUrl: string, namespace: string, caseId: string, runId?: string): TemporalUiLinks {
  const base = `${uiUrl.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(namespace)}`;
  return {
    caseRuns: `${base}/workflows?query=${encodeURIComponent(`WorkflowId="${caseId}"`)}`,
    run: runId ? `${base}/workflows/${encodeURIComponent(caseId)}/${encodeURIComponent(runId)}/history` : null,
  };
}
