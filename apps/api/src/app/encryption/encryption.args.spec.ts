import { EncryptionUsageError, parseEncryptionArgs, parseRotationArgs, perKek } from './encryption.args';
import { encryptionArgsOrExit, EXIT, rotationArgsOrExit } from './encryption.cli';

describe('parseRotationArgs', () => {
  it('reads the dry run and the batch size, in either form', () => {
    expect(parseRotationArgs([])).toEqual({ dryRun: false, batch: 200 });
    expect(parseRotationArgs(['--dry-run', '--batch=10'])).toEqual({ dryRun: true, batch: 10 });
  });

  it.each([
    [['--limit', '3'], 'Unknown argument "--limit"'],
    [['--batch', '0'], '--batch must be between 1 and 1000, not 0'],
    [['--batch'], '--batch needs a value'],
    [['--dry-run=yes'], '--dry-run takes no value'],
  ])('refuses %j with a message that says why', (argv, message) => {
    expect(() => parseRotationArgs(argv)).toThrow(new EncryptionUsageError(message));
  });
});

describe('parseEncryptionArgs', () => {
  it('reads the dry run, the batch size and the limit', () => {
    expect(parseEncryptionArgs([])).toEqual({ dryRun: false, batch: 50, limit: null });
    expect(parseEncryptionArgs(['--dry-run', '--batch', '5', '--limit=1'])).toEqual({ dryRun: true, batch: 5, limit: 1 });
  });

  it.each([
    [['--limit', '-1'], '--limit must be a whole number, not "-1"'],
    [['--batch', 'ten'], '--batch must be a whole number, not "ten"'],
    [['--to', 's3'], 'Unknown argument "--to"'],
  ])('refuses %j with a message that says why', (argv, message) => {
    expect(() => parseEncryptionArgs(argv)).toThrow(new EncryptionUsageError(message));
  });
});

describe('argsOrExit', () => {
  it('prints the message and the usage, and gives exit code 2', () => {
    const lines: string[] = [];
    expect(rotationArgsOrExit(['--force'], (line) => lines.push(line))).toBe(EXIT.usage);
    expect(encryptionArgsOrExit(['--limit', 'x'], (line) => lines.push(line))).toBe(EXIT.usage);
    expect(lines[0]).toMatch(/^Unknown argument "--force"\nUsage: npm run keys:rotate/);
    expect(lines[1]).toMatch(/^--limit must be a whole number, not "x"\nUsage: npm run storage:encrypt/);
  });
});

describe('perKek', () => {
  it('lists counts per key-encryption key in a stable order', () => {
    expect(perKek({ k2: 3, k0: 1 })).toBe('k0 1, k2 3');
    expect(perKek({})).toBe('none');
  });
});
