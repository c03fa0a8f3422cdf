// The ids Slack routes on (slash command, callback ids, action ids), apart from the Block Kit builders
// that use them: listeners.ts registers every listener with these alone, so starting the app loads
// no handler and no view (see lazy-listener.ts).
export const COMMAND = '/vpc-peer';
export const CREATE_FORM_CALLBACK_ID = 'create_peering';
