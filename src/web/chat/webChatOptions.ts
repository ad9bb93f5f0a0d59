/**
 * Web Chat's options for the support page and the embed's chat panel — the one place to change how the chat looks
 * and what it allows (e.g. the upload button: hideUploadButton / disableFileUpload).
 */

/**
 * Web Chat's props besides styleOptions. sendTypingIndicator: while the person types, Web Chat sends a `typing`
 * activity (no text) at most every 3 s; during a hand-off their agent sees "… is typing" (src/handoff/typingRelay.ts),
 * otherwise the bot drops it.
 */
export const WEB_CHAT_BEHAVIOUR: Readonly<Record<string, unknown>> = { sendTypingIndicator: true };

/** Web Chat's styleOptions for this accent colour and send timeout. */
export function webChatStyleOptions(accent: string, sendTimeoutMs: number): Record<string, unknown> {
  return {
    accent,
    sendTimeout: sendTimeoutMs,
    primaryFont: '-apple-system, BlinkMacSystemFont, "SF Pro Text", "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
    backgroundColor: '#ffffff',
    paddingRegular: 12,

    bubbleBackground: '#f2f2f7',
    bubbleTextColor: '#1d1d1f',
    bubbleBorderWidth: 0,
    bubbleBorderRadius: 18,
    bubbleNubSize: 0,
    bubbleFromUserBackground: accent,
    bubbleFromUserTextColor: '#ffffff',
    bubbleFromUserBorderWidth: 0,
    bubbleFromUserBorderRadius: 18,
    bubbleFromUserNubSize: 0,
    bubbleMaxWidth: 560,

    botAvatarInitials: 'iC',
    botAvatarBackgroundColor: accent,
    avatarSize: 36,

    suggestedActionLayout: 'flow',
    suggestedActionBackgroundColor: '#ffffff',
    suggestedActionBorderColor: accent,
    suggestedActionBorderWidth: 1,
    suggestedActionBorderRadius: 16,
    suggestedActionTextColor: accent,
    suggestedActionHeight: 36,

    sendBoxBackground: '#ffffff',
    sendBoxTextColor: '#1d1d1f',
    sendBoxPlaceholderColor: '#6e6e73',
    sendBoxButtonColor: accent,
    sendBoxBorderTop: 'solid 1px #d2d2d7',
    sendBoxHeight: 52,

    // Screenshots: the bot reads PNG, JPEG and HEIC images offline (docs/screenshots.md).
    hideUploadButton: false,
    disableFileUpload: false,
    uploadAccept: 'image/png,image/jpeg,image/heic,.heic',
    timestampColor: '#6e6e73',
    rootHeight: '100%',
    rootWidth: '100%',
  };
}
