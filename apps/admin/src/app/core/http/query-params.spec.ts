import { strictParams } from './query-params';

describe('strictParams', () => {
  it('encodes the plus sign of an E.164 number so the server does not read a space', () => {
    expect(strictParams({ phone: '+14155550123' }).toString()).toBe('phone=%2B14155550123');
  });

  it('leaves out empty values and writes the rest as text', () => {
    const params = strictParams({ page: 2, manualDial: true, outcome: undefined, agentId: null, phone: '' });
    expect(params.toString()).toBe('page=2&manualDial=true');
  });
});
