import { afterEach, describe, expect, it } from 'vitest';
import { createRandom } from '../src/sdk/random.ts';
import { ProductOrigin } from './origin.ts';

describe('ProductOrigin', () => {
  let origin: ProductOrigin | undefined;
  afterEach(() => origin?.close());

  it('seeds one row per key at version 1', () => {
    origin = new ProductOrigin(50, createRandom(42));
    const product = origin.read(50);
    expect(product).toMatchObject({ id: 50, name: 'Product 50', version: 1 });
    expect(product.price).toBeGreaterThanOrEqual(1);
    expect(origin.versionOf(50)).toBe(1);
    expect(() => origin?.read(51)).toThrow(/not in the origin/);
  });

  it('bumps the version on every write, as versionOf reports', () => {
    origin = new ProductOrigin(10, createRandom(42));
    origin.write(3, 9.99);
    const row = origin.write(3, 19.99);
    expect(row).toMatchObject({ id: 3, price: 19.99, version: 3 });
    expect(origin.read(3).version).toBe(3);
    expect(origin.versionOf(3)).toBe(3);
    origin.write(7, 1);
    expect(origin.countWrites()).toBe(3);
  });

  it('counts the product reads it serves, and not the version lookups', () => {
    origin = new ProductOrigin(10, createRandom(42));
    origin.read(1);
    origin.read(2);
    origin.versionOf(3);
    origin.write(4, 5);
    expect(origin.reads.total).toBe(2);
    expect(() => origin?.read(11)).toThrow(/not in the origin/);
    expect(origin.reads.total).toBe(2);
  });
});
