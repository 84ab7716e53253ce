// The domain's stage list (a pure module with a type-only import: nothing of Node reaches the browser bundle).
export { STAGES as STAGE_CODES } from '../../../../../libs/domain/src/stages';
