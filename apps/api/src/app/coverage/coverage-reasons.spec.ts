import { coverageOf, gapDetail, GapFacts, reasonOf, totalOf } from './coverage-reasons';

const facts = (over: Partial<GapFacts>): GapFacts => ({
  recordingStatus: null,
  twilioRecordingSid: null,
  errorCode: null,
  lastError: null,
  attempts: null,
  ...over,
});

describe('coverage reasons', () => {
  it('names the reason from the deciding recording', () => {
    expect(reasonOf(null)).toBe('NO_CALLBACK');
    expect(reasonOf('PENDING')).toBe('PENDING');
    expect(reasonOf('DOWNLOADING')).toBe('PENDING');
    expect(reasonOf('ABSENT')).toBe('ABSENT');
    expect(reasonOf('FAILED')).toBe('FAILED');
  });

  it('says why in a sentence, with Twilio’s ErrorCode or the last error', () => {
    expect(gapDetail(facts({}))).toBe("Twilio's recording callback never came and reconciliation has not found a recording of this call");
    expect(gapDetail(facts({ recordingStatus: 'ABSENT', errorCode: 16101 }))).toBe(
      'Twilio reported the recording absent (ErrorCode 16101)',
    );
    expect(gapDetail(facts({ recordingStatus: 'ABSENT' }))).toBe('Twilio reported the recording absent');
    expect(
      gapDetail(
        facts({ recordingStatus: 'FAILED', twilioRecordingSid: 'RE1', attempts: 2, lastError: 'Twilio failed to serve the media (500)' }),
      ),
    ).toBe('Downloading RE1 failed after 2 download attempts: Twilio failed to serve the media (500)');
    expect(gapDetail(facts({ recordingStatus: 'FAILED', twilioRecordingSid: 'RE1', attempts: 1 }))).toBe(
      'Downloading RE1 failed after 1 download attempt: no error was recorded',
    );
    expect(gapDetail(facts({ recordingStatus: 'DOWNLOADING', twilioRecordingSid: 'RE2' }))).toBe('RE2 is being downloaded');
    expect(gapDetail(facts({ recordingStatus: 'PENDING', twilioRecordingSid: 'RE3' }))).toBe('RE3 is known and waiting to be downloaded');
  });

  it('computes coverage as recorded / answered, 1 with nothing answered, and totals rows', () => {
    expect(coverageOf({ answered: 0, recorded: 0 })).toBe(1);
    expect(coverageOf({ answered: 4, recorded: 3 })).toBe(0.75);
    expect(
      totalOf([
        { answered: 3, recorded: 1, missing: 1, failed: 1, absent: 0 },
        { answered: 1, recorded: 0, missing: 0, failed: 0, absent: 1 },
      ]),
    ).toEqual({ answered: 4, recorded: 1, missing: 1, failed: 1, absent: 1, coverage: 0.25 });
  });
});
