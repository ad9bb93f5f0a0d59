/**
 * What CloudAdapter.process writes (status, optional body) captured in memory, so /api/messages can answer in
 * one consistent JSON shape: bodies (expectReplies, invoke responses) as JSON, failures as `{error}` without the
 * SDK's internal error text.
 */
import type { Response as BotResponse } from 'botbuilder';

export class CapturedBotResponse implements BotResponse {
  socket: unknown = undefined;
  statusCode = 200;
  body: unknown = undefined;
  ended = false;

  status(code: number): this {
    this.statusCode = code;
    return this;
  }

  header(_name: string, _value: unknown): this {
    return this;
  }

  send(body?: unknown): this {
    this.body = body;
    return this;
  }

  end(): this {
    this.ended = true;
    return this;
  }
}
