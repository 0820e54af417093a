import { playerActionForKey } from './player-keys';

const key = (k: string, extra: Partial<KeyboardEvent> = {}) => ({
  key: k,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  ...extra,
});

describe('player keyboard shortcuts', () => {
  const region = document.createElement('div');
  const button = document.createElement('button');
  const slider = document.createElement('div');
  slider.setAttribute('role', 'slider');
  const text = document.createElement('input');
  const range = document.createElement('input');
  range.type = 'range';

  it.each([
    [' ', { kind: 'toggle' }],
    ['k', { kind: 'toggle' }],
    ['ArrowLeft', { kind: 'skip', seconds: -10 }],
    ['ArrowRight', { kind: 'skip', seconds: 10 }],
    ['j', { kind: 'skip', seconds: -10 }],
    ['l', { kind: 'skip', seconds: 10 }],
    ['ArrowUp', { kind: 'volume', delta: 0.1 }],
    ['ArrowDown', { kind: 'volume', delta: -0.1 }],
    ['>', { kind: 'rate', step: 1 }],
    ['<', { kind: 'rate', step: -1 }],
    ['m', { kind: 'mute' }],
    ['Home', { kind: 'seek', to: 'start' }],
    ['End', { kind: 'seek', to: 'end' }],
  ])('%p in the player does %p', (pressed, action) => {
    expect(playerActionForKey(key(pressed), region)).toEqual(action);
  });

  it('leaves Space to a focused button, which clicks itself', () => {
    expect(playerActionForKey(key(' '), button)).toBeNull();
    expect(playerActionForKey(key('ArrowRight'), button)).toEqual({ kind: 'skip', seconds: 10 });
  });

  it('leaves arrows to a focused slider, and every key to a text field', () => {
    expect(playerActionForKey(key('ArrowLeft'), slider)).toBeNull();
    expect(playerActionForKey(key('ArrowUp'), range)).toBeNull();
    expect(playerActionForKey(key(' '), slider)).toEqual({ kind: 'toggle' });
    expect(playerActionForKey(key(' '), text)).toBeNull();
    expect(playerActionForKey(key('m'), text)).toBeNull();
  });

  it('ignores browser and system shortcuts', () => {
    expect(playerActionForKey(key('ArrowLeft', { altKey: true }), region)).toBeNull();
    expect(playerActionForKey(key('l', { ctrlKey: true }), region)).toBeNull();
    expect(playerActionForKey(key('x'), region)).toBeNull();
  });
});
