/**
 * Small typed readers for environment variables. Each failure names the variable and says
 * what was expected, so a bad deployment fails at boot with a message an operator can act on.
 */
export class EnvReader {
  private readonly errors: string[] = [];

  public constructor(private readonly env: Record<string, string | undefined>) {}

  public get problems(): readonly string[] {
    return this.errors;
  }

  public raw(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }

  public string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  public optionalString(name: string): string | undefined {
    return this.raw(name);
  }

  public int(name: string, fallback: number, { min, max }: { min?: number; max?: number } = {}): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || (min !== undefined && parsed < min) || (max !== undefined && parsed > max)) {
      const range = [min !== undefined ? `≥ ${min}` : '', max !== undefined ? `≤ ${max}` : ''].filter(Boolean).join(' and ');
      this.errors.push(`${name} must be an integer${range ? ` ${range}` : ''}, got "${value}"`);
      return fallback;
    }
    return parsed;
  }

  /** A number between 0 and 1 inclusive, e.g. a ratio such as `0.99`. */
  public fraction(name: string, fallback: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed < 0 || parsed > 1) {
      this.errors.push(`${name} must be a number from 0 to 1, got "${value}"`);
      return fallback;
    }
    return parsed;
  }

  /** A comma-separated list of integers, e.g. `5000,300000`. */
  public intList(name: string, fallback: readonly number[], { min, max }: { min?: number; max?: number } = {}): readonly number[] {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const items = value.split(',').map((item) => Number(item.trim()));
    const bad = items.some((item) => !Number.isInteger(item) || (min !== undefined && item < min) || (max !== undefined && item > max));
    if (items.length === 0 || bad) {
      const range = [min !== undefined ? `≥ ${min}` : '', max !== undefined ? `≤ ${max}` : ''].filter(Boolean).join(' and ');
      this.errors.push(`${name} must be a comma-separated list of integers${range ? ` ${range}` : ''}, got "${value}"`);
      return fallback;
    }
    return items;
  }

  public bool(name: string, fallback: boolean): boolean {
    const value = this.raw(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (['true', '1', 'yes', 'on'].includes(value)) return true;
    if (['false', '0', 'no', 'off'].includes(value)) return false;
    this.errors.push(`${name} must be true or false, got "${value}"`);
    return fallback;
  }

  public oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(value)) {
      this.errors.push(`${name} must be one of ${allowed.join(', ')}, got "${value}"`);
      return fallback;
    }
    return value as T;
  }

  public url(name: string, fallback: string, protocols: readonly string[]): string {
    const value = this.raw(name) ?? fallback;
    try {
      const parsed = new URL(value);
      if (!protocols.includes(parsed.protocol.replace(/:$/, ''))) {
        this.errors.push(`${name} must use ${protocols.join(' or ')}, got "${parsed.protocol}"`);
      }
    } catch {
      this.errors.push(`${name} must be a URL, got "${value}"`);
    }
    return value.replace(/\/+$/, '');
  }

  public matches(name: string, value: string | undefined, pattern: RegExp, expected: string): void {
    if (value !== undefined && !pattern.test(value)) {
      this.errors.push(`${name} must be ${expected}, got "${value}"`);
    }
  }

  public fail(message: string): void {
    this.errors.push(message);
  }
}
