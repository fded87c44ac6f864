// What the progress map and the daily bulletin share: the colour of a completion share and
// Chinese number formats. Calls to the service go through api.js.

/** Five classes of completion, from not started (red) to done (green); grey without buildings. */
export const CLASSES = [
  { upTo: 0.2, colour: '#d73027', label: '0–20%' },
  { upTo: 0.5, colour: '#fc8d59', label: '20–50%' },
  { upTo: 0.8, colour: '#fee08b', label: '50–80%' },
  { upTo: 0.9999, colour: '#91cf60', label: '80–99%' },
  { upTo: 1, colour: '#1a9850', label: '100%' },
];
export const NO_BUILDINGS = '#bdbdbd';

export function colourOf(tally) {
  if (!tally.buildings) {
    return NO_BUILDINGS;
  }
  return CLASSES.find((c) => tally.completion <= c.upTo).colour;
}

export const percent = (share) => `${(share * 100).toFixed(1)}%`;

export const escapeHtml = (text) => String(text ?? '').replace(/[&<>"']/g,
  (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

/** The phase of the day in words. */
export function phaseText(progress) {
  return progress.phase ? `${progress.phase.label}（${progress.phase.from} 至 ${progress.phase.to}）` : '不在普查日程内';
}
