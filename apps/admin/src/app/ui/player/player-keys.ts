export type PlayerAction =
  | { readonly kind: 'toggle' }
  | { readonly kind: 'skip'; readonly seconds: number }
  | { readonly kind: 'volume'; readonly delta: number }
  | { readonly kind: 'rate'; readonly step: 1 | -1 }
  | { readonly kind: 'mute' }
  | { readonly kind: 'seek'; readonly to: 'start' | 'end' };

export const SKIP_SECONDS = 10;
export const VOLUME_STEP = 0.1;

/** The shortcuts, for the help line under the player and for people who read the code. */
export const PLAYER_SHORTCUTS: readonly { keys: string; does: string }[] = [
  { keys: 'Space', does: 'play or pause' },
  { keys: '← →', does: `back or forward ${SKIP_SECONDS} s` },
  { keys: '↑ ↓', does: 'volume' },
  { keys: '< >', does: 'speed' },
  { keys: 'M', does: 'mute' },
];

type KeyInfo = Pick<KeyboardEvent, 'key' | 'altKey' | 'ctrlKey' | 'metaKey'>;

/**
 * What a key pressed inside the player should do, or null to leave it alone. Keys that the
 * focused control already uses are left to it: Space clicks a focused button (handling it
 * here too would toggle twice), and arrows move a focused slider or a select's options.
 */
export function playerActionForKey(event: KeyInfo, target: EventTarget | null): PlayerAction | null {
  if (event.altKey || event.ctrlKey || event.metaKey) {
    return null;
  }
  const control = controlKind(target);
  if (control === 'text') {
    return null;
  }
  switch (event.key) {
    case ' ':
    case 'k':
    case 'K':
      return control === 'button' ? null : { kind: 'toggle' };
    case 'ArrowLeft':
    case 'ArrowRight':
      return control === 'slider' ? null : { kind: 'skip', seconds: event.key === 'ArrowLeft' ? -SKIP_SECONDS : SKIP_SECONDS };
    case 'j':
    case 'J':
      return { kind: 'skip', seconds: -SKIP_SECONDS };
    case 'l':
    case 'L':
      return { kind: 'skip', seconds: SKIP_SECONDS };
    case 'ArrowUp':
    case 'ArrowDown':
      return control === 'slider' ? null : { kind: 'volume', delta: event.key === 'ArrowUp' ? VOLUME_STEP : -VOLUME_STEP };
    case '>':
    case '<':
      return { kind: 'rate', step: event.key === '>' ? 1 : -1 };
    case 'm':
    case 'M':
      return { kind: 'mute' };
    case 'Home':
    case 'End':
      return control === 'slider' ? null : { kind: 'seek', to: event.key === 'Home' ? 'start' : 'end' };
    default:
      return null;
  }
}

function controlKind(target: EventTarget | null): 'text' | 'slider' | 'button' | 'none' {
  if (!(target instanceof Element)) {
    return 'none';
  }
  if (target.closest('textarea, select, [contenteditable="true"], mat-select, [role="listbox"], [role="menu"]')) {
    return 'text';
  }
  if (target instanceof HTMLInputElement) {
    return target.type === 'range' ? 'slider' : target.type === 'checkbox' ? 'button' : 'text';
  }
  if (target.closest('[role="slider"]')) {
    return 'slider';
  }
  return target.closest('button, a[href], [role="button"], [role="menuitem"]') ? 'button' : 'none';
}
