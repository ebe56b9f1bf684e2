import { useLocalStorage } from '@mantine/hooks';

/** Off by default: a sound nobody asked for is worse than a missed pop-up. */
export function useSoundPreference() {
  return useLocalStorage<boolean>({ key: 'duly.notification_sound', defaultValue: false, getInitialValueInEffect: false });
}

let audio: AudioContext | null = null;

/**
 * A short two-note chime made with the Web Audio API (no audio file to download). Browsers
 * keep an AudioContext suspended until the person has interacted with the page; the toggle
 * that turns the sound on is such an interaction, and plays the chime once as a preview.
 */
export function playChime(): void {
  if (typeof AudioContext === 'undefined') return;
  audio ??= new AudioContext();
  if (audio.state === 'suspended') void audio.resume();
  const start = audio.currentTime + 0.01;
  const oscillator = audio.createOscillator();
  const gain = audio.createGain();
  oscillator.type = 'sine';
  oscillator.frequency.setValueAtTime(880, start);
  oscillator.frequency.setValueAtTime(1320, start + 0.12);
  gain.gain.setValueAtTime(0.0001, start);
  gain.gain.exponentialRampToValueAtTime(0.2, start + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.35);
  oscillator.connect(gain).connect(audio.destination);
  oscillator.start(start);
  oscillator.stop(start + 0.4);
}
