// Who may ask for a change, and where: REQUESTERS and ALLOWED_CHANNELS, for every command that
// changes something (create, delete). Undefined means allowed; otherwise the words to show.
import type { Policy } from '../policy';
import { renderChannelNotAllowed, renderNotAllowed } from '../views/usage';

export function refuseChange(
  policy: Policy,
  userId: string,
  channelId: string | undefined,
): string | undefined {
  if (!policy.mayRequest(userId)) return renderNotAllowed();
  if (channelId === undefined || !policy.mayUseChannel(channelId)) {
    return renderChannelNotAllowed(policy.allowedChannels);
  }
  return undefined;
}
