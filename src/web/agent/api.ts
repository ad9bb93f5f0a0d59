/** The console's JSON API under /agent/api, with the shared-key token when there is one. */
import { fetchJson, statusOf } from '../shared/http';
import { state } from './state';

let onUnauthorized = (): void => {};

/** Called when the server answers 401 to anything but the sign-in itself: the session has ended. */
export function whenSignedOut(handler: () => void): void {
  onUnauthorized = handler;
}

export async function api<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  try {
    return await fetchJson<T>(`/agent/api${path}`, {
      method,
      headers: state.token ? { Authorization: `Bearer ${state.token}` } : {},
      ...(body === undefined ? {} : { json: body }),
    });
  } catch (error) {
    if (statusOf(error) === 401 && path !== '/sign-in' && path !== '/session') onUnauthorized();
    throw error;
  }
}
