// What both stores are: every role at once. Only the composition root (src/container) asks for it;
// consumers name the roles they use (src/peering/ports.ts, src/slack/message-intents.ts).
import type { PeeringStore } from '../../peering/ports';
import type { MessageIntentStore } from '../../slack/message-intents';

export type Store = PeeringStore & MessageIntentStore;
