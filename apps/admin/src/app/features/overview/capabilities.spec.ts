import { capabilitiesOf, greetingFor } from './capabilities';

const allowed = (role: Parameters<typeof capabilitiesOf>[0]) =>
  capabilitiesOf(role)
    .filter((line) => line.allowed)
    .map((line) => line.key);

describe('capabilitiesOf', () => {
  it('follows ROLE_CAPABILITIES for every role', () => {
    expect(allowed('ADMIN')).toEqual(['readCalls', 'play', 'download', 'audit', 'holds', 'admin']);
    expect(allowed('COMPLIANCE')).toEqual(['readCalls', 'play', 'download', 'audit', 'holds']);
    expect(allowed('SUPERVISOR')).toEqual(['readCalls', 'play']);
    expect(allowed('AGENT')).toEqual([]);
  });

  it('lists every capability, allowed or not, so a role sees what it lacks', () => {
    expect(capabilitiesOf('AGENT')).toHaveLength(6);
    expect(capabilitiesOf('AGENT').every((line) => line.label && line.description && line.icon)).toBe(true);
  });
});

describe('greetingFor', () => {
  it.each([
    [2, 'Good evening'],
    [8, 'Good morning'],
    [13, 'Good afternoon'],
    [21, 'Good evening'],
  ])('at %i:00 says %s', (hour, greeting) => {
    expect(greetingFor(hour)).toBe(greeting);
  });
});
