/** A short tone when someone new is waiting (off by default; the choice is kept in localStorage). */
import { byId } from '../shared/dom';
import { stored } from '../shared/format';

const choice = stored(() => localStorage, 'agentConsoleSound');
let audio: AudioContext | undefined;

export function soundOn(): boolean {
  return byId<HTMLInputElement>('sound').checked;
}

export function wireSound(): void {
  const box = byId<HTMLInputElement>('sound');
  box.checked = choice.get() === 'on';
  box.addEventListener('change', () => {
    choice.set(box.checked ? 'on' : 'off');
    if (box.checked) chime();
  });
}

export function chime(): void {
  try {
    const Context = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Context) return;
    audio ??= new Context();
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = 880;
    gain.gain.setValueAtTime(0.15, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.4);
    osc.connect(gain);
    gain.connect(audio.destination);
    osc.start();
    osc.stop(audio.currentTime + 0.4);
  } catch {
    // No sound available: nothing else changes.
  }
}
