import { FakeMedia } from '../../testing/fake-media';
import { SourceSwitch } from './source-switch';

describe('SourceSwitch', () => {
  let media: FakeMedia;
  let settled: jest.Mock;
  let sources: SourceSwitch;

  beforeEach(() => {
    media = new FakeMedia();
    settled = jest.fn();
    sources = new SourceSwitch(media.asElement(), settled);
  });

  const metadataRead = () => media.emit('loadedmetadata');

  it('puts the playhead and the speed back once the new source is readable', () => {
    sources.start('/stream?token=2', 42, 1.5);
    expect(media.getAttribute('src')).toBe('/stream?token=2');
    expect(sources.active).toBe(true);
    expect(sources.target).toBe(42);

    metadataRead();
    expect(media.currentTime).toBe(42);
    expect(media.playbackRate).toBe(1.5);
    expect(settled).toHaveBeenCalledTimes(1);
    expect(sources.active).toBe(false);
  });

  it('follows a seek made while the source changes', () => {
    sources.start('/stream?token=2', 42, 1);
    sources.moveTo(7);
    metadataRead();
    expect(media.currentTime).toBe(7);
  });

  it('forgets a cancelled change, and a newer change replaces an older one', () => {
    sources.start('/stream?token=2', 42, 1);
    sources.cancel();
    metadataRead();
    expect(settled).not.toHaveBeenCalled();
    expect(sources.target).toBeNull();

    sources.start('/stream?token=3', 5, 1);
    sources.start('/stream?token=4', 9, 1);
    metadataRead();
    expect(settled).toHaveBeenCalledTimes(1);
    expect(media.currentTime).toBe(9);
  });
});
