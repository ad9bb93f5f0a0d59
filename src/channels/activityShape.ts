/**
 * The shape check for activities posted to /api/messages, before the Bot Framework adapter sees them. A body that
 * fails it gets 400 naming the field, instead of a turn that fails half-way (e.g. `text: 42` or `entities: [null]`
 * make botbuilder throw in the middle of the turn). Fields the bot does not read are left to the SDK.
 */
import { isPlainObject } from '../util/isPlainObject';

/** Longest conversation id accepted (Teams ids are a few hundred characters at most). */
const MAX_CONVERSATION_ID_LENGTH = 1024;
const MAX_SHORT_FIELD_LENGTH = 256;

type Fields = Record<string, unknown>;

function optionalString(body: Fields, field: string, maxLength = Number.POSITIVE_INFINITY): string | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') return `${field} must be a string`;
  if (value.length > maxLength) return `${field} must be at most ${maxLength} characters`;
  return undefined;
}

function optionalArrayOfObjects(body: Fields, field: string, check?: (item: Fields) => string | undefined): string | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) return `${field} must be an array`;
  for (const item of value) {
    if (!isPlainObject(item)) return `${field} must contain only objects`;
    const problem = check?.(item);
    if (problem) return `${field}: ${problem}`;
  }
  return undefined;
}

const hasStringId = (item: Fields): string | undefined => (typeof item.id === 'string' ? undefined : 'every entry needs a string id');

/** botbuilder reads `type` of every entity, and `mentioned.id` and `text` of mentions (Teams @mentions). */
export function entityProblem(entity: Fields): string | undefined {
  if (typeof entity.type !== 'string') return 'every entity needs a string type';
  if (entity.type.toLowerCase() !== 'mention') return undefined;
  if (!isPlainObject(entity.mentioned) || typeof entity.mentioned.id !== 'string') return 'a mention needs mentioned.id';
  if (entity.text !== undefined && typeof entity.text !== 'string') return 'a mention text must be a string';
  return undefined;
}

function serviceUrlProblem(body: Fields): string | undefined {
  const value = body.serviceUrl;
  if (value === undefined) {
    // Without a serviceUrl the bot could only answer in the HTTP response.
    return body.deliveryMode === 'expectReplies' ? undefined : 'serviceUrl is required unless deliveryMode is expectReplies';
  }
  if (typeof value !== 'string') return 'serviceUrl must be a string';
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'serviceUrl must be an http(s) URL';
  } catch {
    return 'serviceUrl must be an http(s) URL';
  }
  return undefined;
}

/** Why a body posted to /api/messages is not an activity we can process, or undefined when it is fine. */
export function incomingActivityProblem(body: unknown): string | undefined {
  if (!isPlainObject(body)) return 'Body must be an activity object';
  if (typeof body.type !== 'string' || body.type === '') return 'Activity type is required';
  if (body.type.length > MAX_SHORT_FIELD_LENGTH) return `type must be at most ${MAX_SHORT_FIELD_LENGTH} characters`;
  if (!isPlainObject(body.conversation) || typeof body.conversation.id !== 'string' || body.conversation.id === '') {
    return 'conversation.id is required';
  }
  if (body.conversation.id.length > MAX_CONVERSATION_ID_LENGTH) return `conversation.id must be at most ${MAX_CONVERSATION_ID_LENGTH} characters`;
  if (!isPlainObject(body.from) || typeof body.from.id !== 'string') return 'from.id is required';
  if (typeof body.channelId !== 'string' || body.channelId === '') return 'channelId is required';
  if (body.channelId.length > MAX_SHORT_FIELD_LENGTH) return `channelId must be at most ${MAX_SHORT_FIELD_LENGTH} characters`;
  if (!isPlainObject(body.recipient) || typeof body.recipient.id !== 'string') return 'recipient.id is required';
  if (body.channelData !== undefined && !isPlainObject(body.channelData)) return 'channelData must be an object';
  return (
    optionalString(body, 'text') ??
    optionalString(body, 'id', MAX_SHORT_FIELD_LENGTH * 4) ??
    optionalString(body, 'replyToId', MAX_SHORT_FIELD_LENGTH * 4) ??
    optionalString(body, 'name', MAX_SHORT_FIELD_LENGTH) ??
    optionalString(body, 'locale', MAX_SHORT_FIELD_LENGTH) ??
    optionalString(body, 'deliveryMode', MAX_SHORT_FIELD_LENGTH) ??
    optionalArrayOfObjects(body, 'entities', entityProblem) ??
    optionalArrayOfObjects(body, 'attachments') ??
    optionalArrayOfObjects(body, 'membersAdded', hasStringId) ??
    optionalArrayOfObjects(body, 'membersRemoved', hasStringId) ??
    serviceUrlProblem(body)
  );
}
