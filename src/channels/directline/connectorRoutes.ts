/**
 * The Bot Connector REST endpoints the adapter calls when the bot replies to a Direct Line conversation (its
 * serviceUrl points here): send / reply / update / delete activity and list members. Bot activities are appended
 * to the conversation log with an id, a timestamp and the bot as sender, which pushes them to open streams; `typing`
 * is pushed to open streams only, never stored.
 * Only callers holding the process-local secret (the adapter) are accepted.
 */
import type { Activity, ChannelAccount } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import { jsonBody, sendError, sendJson } from '../../http/http';
import { isPlainObject } from '../../util/isPlainObject';
import type { ConversationHub } from './conversationHub';
import type { StoredActivity } from '../../storage/directLineConversationStore';
import { CHANNEL_ID } from './userActivity';

export interface ConnectorRouteDeps {
  path: string;
  hub: ConversationHub;
  botAccount: ChannelAccount;
  isAuthorized(authorizationHeader: string | undefined): boolean;
  maxBodyBytes: number;
  now: () => number;
}

/** Fields of a bot activity that clients never need (routing details of this server). */
const DROPPED_FIELDS = ['serviceUrl', 'recipient', 'callerId', 'id'] as const;

export function mountConnectorRoutes(server: Server, deps: ConnectorRouteDeps): void {
  const body = jsonBody(deps.maxBodyBytes);
  const base = `${deps.path}/v3/conversations/:conversationId`;

  const authorized = (req: Request, res: Response): boolean => {
    if (deps.isAuthorized(req.headers.authorization)) return true;
    sendError(res, 401, 'Unauthorized', 'Not authorized');
    return false;
  };

  const botActivity = (req: Request, res: Response, replyToId?: string): Omit<StoredActivity, 'id'> | undefined => {
    if (!isPlainObject(req.body) || typeof req.body.type !== 'string') {
      sendError(res, 400, 'BadArgument', 'Body must be an activity with a type');
      return undefined;
    }
    const activity: Record<string, unknown> = { ...req.body };
    for (const field of DROPPED_FIELDS) delete activity[field];
    activity.channelId = CHANNEL_ID;
    activity.conversation = { id: String(req.params.conversationId) };
    activity.from = { ...deps.botAccount };
    activity.timestamp = new Date(deps.now()).toISOString();
    if (replyToId) activity.replyToId = replyToId;
    return activity as Omit<StoredActivity, 'id'>;
  };

  const send = async (req: Request, res: Response, replyToId?: string): Promise<void> => {
    if (!authorized(req, res)) return;
    const activity = botActivity(req, res, replyToId);
    if (!activity) return;
    if (activity.type === 'typing') {
      // Typing (the bot working, an agent typing during a hand-off) is shown live, never kept.
      const live = await deps.hub.publishEphemeral(String(req.params.conversationId), activity);
      return live ? sendJson(res, 200, { id: live.id }) : sendError(res, 404, 'NotFound', 'Conversation not found');
    }
    const stored = await deps.hub.append(String(req.params.conversationId), activity);
    if (!stored) return sendError(res, 404, 'NotFound', 'Conversation not found');
    sendJson(res, 200, { id: stored.activity.id });
  };

  server.post(`${base}/activities`, body, async (req: Request, res: Response) => send(req, res));
  server.post(`${base}/activities/:activityId`, body, async (req: Request, res: Response) => send(req, res, String(req.params.activityId)));

  server.put(`${base}/activities/:activityId`, body, async (req: Request, res: Response) => {
    if (!authorized(req, res)) return;
    const activity = botActivity(req, res);
    if (!activity) return;
    const stored = await deps.hub.replace(String(req.params.conversationId), String(req.params.activityId), activity);
    if (!stored) return sendError(res, 404, 'NotFound', 'Activity not found');
    sendJson(res, 200, { id: stored.id });
  });

  server.del(`${base}/activities/:activityId`, async (req: Request, res: Response) => {
    if (!authorized(req, res)) return;
    if (!(await deps.hub.delete(String(req.params.conversationId), String(req.params.activityId)))) {
      return sendError(res, 404, 'NotFound', 'Activity not found');
    }
    sendJson(res, 200, {});
  });

  server.get(`${base}/members`, async (req: Request, res: Response) => {
    if (!authorized(req, res)) return;
    const info = await deps.hub.get(String(req.params.conversationId));
    if (!info) return sendError(res, 404, 'NotFound', 'Conversation not found');
    const user: Partial<Activity['from']> = { id: info.userId, role: 'user' };
    sendJson(res, 200, [user, { ...deps.botAccount }]);
  });
}
