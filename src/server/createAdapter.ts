/**
 * Builds the CloudAdapter: Bot Framework authentication from configuration (anonymous when there is no app id,
 * Emulator style; Bot Framework tokens required when there is one), and an onTurnError that logs without secrets
 * and apologises to the user instead of crashing.
 */
import { ConfigurationBotFrameworkAuthentication, TurnContext } from 'botbuilder';
import { LocalAwareCredentialFactory } from './localAwareCredentialFactory';
import { CachingBotFrameworkAuthentication } from './cachingBotFrameworkAuthentication';
import { LocalConnectorRegistry } from '../channels/localConnectors';
import { errorFields, Log } from '../logging/log';
import { SupportCloudAdapter } from '../channels/supportCloudAdapter';

export interface BotAuthSettings {
  MicrosoftAppType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  MicrosoftAppId?: string;
  MicrosoftAppPassword?: string;
  MicrosoftAppTenantId?: string;
}

export interface AdapterOptions {
  /** What the user is told when a turn fails (prompts.turnFailed in dialogs/prompts.yaml). */
  errorMessage: string;
  /** Extra clean-up after a failed turn (e.g. clearing conversation state). Its own errors are logged, not thrown. */
  onError?: (context: TurnContext, error: unknown) => Promise<void>;
}


export function createAdapter(botAuth: BotAuthSettings, log: Log, options: AdapterOptions): SupportCloudAdapter {
  // Only defined values: the botbuilder zod schema rejects explicit undefined for some keys.
  const authConfig: Record<string, string> = { MicrosoftAppType: botAuth.MicrosoftAppType };
  if (botAuth.MicrosoftAppId) authConfig.MicrosoftAppId = botAuth.MicrosoftAppId;
  if (botAuth.MicrosoftAppPassword) authConfig.MicrosoftAppPassword = botAuth.MicrosoftAppPassword;
  if (botAuth.MicrosoftAppTenantId) authConfig.MicrosoftAppTenantId = botAuth.MicrosoftAppTenantId;

  const localConnectors = new LocalConnectorRegistry();
  const credentials = new LocalAwareCredentialFactory(authConfig, localConnectors);
  // Every request is still authenticated; the connector clients it builds are reused (see the class).
  const auth = new CachingBotFrameworkAuthentication(new ConfigurationBotFrameworkAuthentication(authConfig, credentials));
  const adapter = new SupportCloudAdapter(auth, localConnectors, botAuth.MicrosoftAppId);

  adapter.onTurnError = async (context: TurnContext, error: unknown): Promise<void> => {
    const activity = context.activity;
    log.error(
      {
        err: errorFields(error),
        channelId: activity?.channelId,
        conversationId: activity?.conversation?.id,
        activityType: activity?.type,
      },
      'Unhandled error during a bot turn',
    );
    if (options.onError) {
      try {
        await options.onError(context, error);
      } catch (hookError) {
        log.warn({ err: errorFields(hookError) }, 'onError hook failed');
      }
    }
    // Only user-facing activity types get an apology; there is nobody to read it for e.g. installationUpdate.
    if (activity?.type === 'message' || activity?.type === 'conversationUpdate' || activity?.type === 'event') {
      try {
        await context.sendActivity(options.errorMessage);
      } catch (sendError) {
        log.warn({ err: errorFields(sendError), conversationId: activity.conversation?.id }, 'Could not tell the user about the error');
      }
    }
  };
  return adapter;
}
