// The shop's seeded data, the same in every process that needs it: users `u1…uN` (password
// `pw-<id>`) and products `p1…pN`, derived from their number so no store has to be filled.

export interface User {
  id: string;
  name: string;
  email: string;
  tier: 'basic' | 'plus' | 'pro';
}

export interface Product {
  id: string;
  name: string;
  priceCents: number;
}

const TIERS: User['tier'][] = ['basic', 'plus', 'pro'];
const NOUNS = ['lamp', 'mug', 'chair', 'kettle', 'notebook', 'backpack', 'clock', 'plant'];
const ADJECTIVES = ['blue', 'quiet', 'tiny', 'sturdy', 'bright', 'folding', 'vintage'];

function numberOf(id: string, prefix: string, count: number): number | undefined {
  if (!id.startsWith(prefix)) return undefined;
  const n = Number(id.slice(prefix.length));
  return Number.isInteger(n) && n >= 1 && n <= count ? n : undefined;
}

export function userById(id: string, count: number): User | undefined {
  const n = numberOf(id, 'u', count);
  if (n === undefined) return undefined;
  return {
    id,
    name: `User ${n}`,
    email: `u${n}@shop.test`,
    tier: TIERS[n % TIERS.length] ?? 'basic',
  };
}

export const passwordOf = (userId: string): string => `pw-${userId}`;

export function productById(id: string, count: number): Product | undefined {
  const n = numberOf(id, 'p', count);
  if (n === undefined) return undefined;
  const name = `${ADJECTIVES[n % ADJECTIVES.length]} ${NOUNS[n % NOUNS.length]}`;
  return { id, name, priceCents: 500 + ((n * 137) % 9500) };
}

/** Three products for a user's profile page, the same every time for the same user. */
export function recommendedFor(userId: string, products: number): string[] {
  const n = Number(userId.slice(1)) || 1;
  return [0, 1, 2].map((k) => `p${((n * 7 + k * 13) % products) + 1}`);
}
