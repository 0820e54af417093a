import { ChannelMixer, channelGains } from './channel-mixer';

describe('channelGains', () => {
  const plain = { muted: false, solo: false };

  it('plays both sides by default and silences a muted one', () => {
    expect(channelGains([plain, plain])).toEqual([1, 1]);
    expect(channelGains([{ muted: true, solo: false }, plain])).toEqual([0, 1]);
  });

  it('plays only soloed sides, solo winning over mute', () => {
    expect(channelGains([{ muted: false, solo: true }, plain])).toEqual([1, 0]);
    expect(
      channelGains([
        { muted: true, solo: true },
        { muted: false, solo: true },
      ]),
    ).toEqual([1, 1]);
  });
});

describe('ChannelMixer', () => {
  function fakeContext() {
    const gains: { value: number; setTargetAtTime: jest.Mock }[] = [];
    const node = () => ({ connect: jest.fn() });
    const context = {
      currentTime: 0,
      state: 'suspended',
      destination: {},
      resume: jest.fn(() => Promise.resolve()),
      close: jest.fn(() => Promise.resolve()),
      createMediaElementSource: jest.fn(node),
      createChannelSplitter: jest.fn(node),
      createChannelMerger: jest.fn(node),
      createGain: jest.fn(() => {
        const gain = { value: 1, setTargetAtTime: jest.fn() };
        gains.push(gain);
        return { ...node(), gain };
      }),
    };
    return { context, gains };
  }

  it('leaves the audio path alone until a side is actually silenced', () => {
    const { context } = fakeContext();
    const create = jest.fn(() => context as unknown as AudioContext);
    const mixer = new ChannelMixer(document.createElement('audio'), 2, create);

    expect(mixer.apply([1, 1])).toBe(true);
    expect(create).not.toHaveBeenCalled();

    expect(mixer.apply([0, 1])).toBe(true);
    expect(create).toHaveBeenCalledTimes(1);
    expect(context.resume).toHaveBeenCalled();
  });

  it('ramps each side to its gain', () => {
    const { context, gains } = fakeContext();
    const mixer = new ChannelMixer(document.createElement('audio'), 2, () => context as unknown as AudioContext);
    mixer.apply([0, 1]);
    mixer.apply([1, 0]);

    expect(gains[0].setTargetAtTime).toHaveBeenLastCalledWith(1, 0, expect.any(Number));
    expect(gains[1].setTargetAtTime).toHaveBeenLastCalledWith(0, 0, expect.any(Number));
  });

  it('reports a browser that cannot route audio', () => {
    const mixer = new ChannelMixer(document.createElement('audio'), 2, () => {
      throw new Error('no Web Audio');
    });
    expect(mixer.apply([0, 1])).toBe(false);
  });
});
