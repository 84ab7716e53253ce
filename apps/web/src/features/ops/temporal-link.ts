/** bull-board, served by the API and opened by the console's own session cookie. (Temporal UI links come from the API's
 * diagnostic, built from the deployment's TEMPORAL_UI_URL.) */
export const BULL_BOARD_PATH = '/ops/queues';
