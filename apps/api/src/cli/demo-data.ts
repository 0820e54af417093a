/** The demo installation: who works there, which lists they dial, and whom. */
export const DEMO_LISTS = [
  { name: 'Spring Renewals', description: 'Customers whose contracts end this quarter' },
  { name: 'Win-back Q4', description: 'Lapsed customers from the last twelve months' },
  { name: 'Webinar Leads', description: 'Sign-ups from the product webinar' },
] as const;

export const DEMO_USERS = [
  { email: 'compliance@example.com', name: 'Clara Compliance', role: 'COMPLIANCE' },
  { email: 'supervisor@example.com', name: 'Sam Supervisor', role: 'SUPERVISOR' },
  { email: 'agent@example.com', name: 'Avery Agent', role: 'AGENT' },
  { email: 'jordan@example.com', name: 'Jordan Reyes', role: 'AGENT' },
  { email: 'priya@example.com', name: 'Priya Natarajan', role: 'AGENT' },
] as const;

const FIRST = ['Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Mateo', 'Sofia', 'Lucas', 'Mia', 'Ethan', 'Isla', 'Omar'];
const LAST = ['Nguyen', 'Garcia', 'Smith', 'Okafor', 'Rossi', 'Kowalski', 'Haddad', 'Larsen', 'Tanaka', 'Dubois'];

/** Deterministic fake contacts: numbers in the 555-01xx range reserved for fiction. */
export function demoContacts(listIndex: number, count: number): { name: string; phone: string }[] {
  return Array.from({ length: count }, (_, i) => {
    const n = listIndex * count + i;
    return {
      name: `${FIRST[n % FIRST.length]} ${LAST[(n * 7) % LAST.length]}`,
      phone: `+1415555${(100 + n).toString().padStart(4, '0')}`,
    };
  });
}
