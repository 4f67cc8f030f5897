// Run first by `npm test`: without a browser, stop at once with one line saying what to install,
// instead of every browser test timing out on its own.
import { findChromium } from './chromium.ts';

try {
  findChromium();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
