/**
 * CloudAdapter plus what in-process channels need: the local connector registry (so their serviceUrls are trusted
 * and signed with the local secret) and a way to run a turn for an activity that did not come over HTTP from Azure.
 */
import { Activity, CloudAdapter, InvokeResponse, TurnContext } from 'botbuilder';
// Not re-exported from botbuilder's index; the version is pinned (package.json).
import { validateAndFixActivity } from 'botbuilder/lib/activityValidator';
import { LocalConnectorRegistry } from './localConnectors';

type AuthenticateRequestResult = Exclude<Parameters<CloudAdapter['processActivityDirect']>[0], string>;
type BotFrameworkAuthentication = NonNullable<ConstructorParameters<typeof CloudAdapter>[0]>;

/** OAuth scope the Bot Connector is called with in the public cloud; not used for local serviceUrls. */
const TO_CHANNEL_FROM_BOT_SCOPE = 'https://api.botframework.com';

export class SupportCloudAdapter extends CloudAdapter {
  constructor(
    auth: BotFrameworkAuthentication,
    readonly localConnectors: LocalConnectorRegistry,
    /** The bot's Microsoft App Id, or undefined in anonymous (local) mode. */
    readonly botAppId: string | undefined,
  ) {
    super(auth);
  }

  /**
   * Runs the turn of an activity that came over HTTP (POST /api/messages), as CloudAdapter.process does once it has
   * checked the request, without its zod checks (two copies of the whole activity per request): the route has already
   * parsed the body as JSON and checked the activity's shape (channels/activityShape.ts). The token in `authHeader` is
   * validated as usual; an invalid one rejects with the SDK's AuthenticationError. The SDK's validateAndFixActivity turns
   * timestamps into Dates, as in CloudAdapter.process. Resolves to the invoke response (the buffered replies with expectReplies).
   */
  async processHttpActivity(activity: Activity, authHeader: string, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, validateAndFixActivity(activity), logic);
  }

  /**
   * Runs a turn for an activity delivered by a channel hosted in this process. The activity is trusted (it was
   * authenticated by that channel), so no Bot Framework token is checked; replies go to `activity.serviceUrl`,
   * which must be registered in `localConnectors`.
   */
  async processLocalActivity(activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    if (!activity.serviceUrl || !this.localConnectors.isLocal(`${activity.serviceUrl.replace(/\/+$/, '')}/`)) {
      throw new Error('processLocalActivity: serviceUrl is not a registered local connector');
    }
    const claimsIdentity = this.createClaimsIdentity(this.botAppId ?? '');
    const authResult: AuthenticateRequestResult = {
      audience: TO_CHANNEL_FROM_BOT_SCOPE,
      claimsIdentity,
      callerId: undefined,
      connectorFactory: this.botFrameworkAuthentication.createConnectorFactory(claimsIdentity),
    };
    await this.processActivity(authResult, activity, logic);
  }
}
