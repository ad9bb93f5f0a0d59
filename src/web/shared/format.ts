/** Text formatting shared by the pages. */

/** `1 conversation`, `2 conversations`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `2026-03-04 09:15` from an ISO time (UTC, to the minute). */
export function utcMinute(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}

/** `09:15` in the viewer's time zone. */
export function localTime(iso: string): string {
  return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** `45 s`, `12 min`, `2 h 5 min`. */
export function duration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Reads or writes a Web Storage item; storage that is unavailable (private mode, blocked) reads as null. */
export function stored(storage: () => Storage, key: string): { get(): string | null; set(value: string | null): void } {
  return {
    get: () => {
      try {
        return storage().getItem(key);
      } catch {
        return null;
      }
    },
    set: (value) => {
      try {
        if (value === null) storage().removeItem(key);
        else storage().setItem(key, value);
      } catch {
        /* storage unavailable: the value lasts as long as the page */
      }
    },
  };
}
