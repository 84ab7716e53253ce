/** The worker's workflowsPath: workflow functions only. */
export { caseWorkflow } from './case/case.workflow';
