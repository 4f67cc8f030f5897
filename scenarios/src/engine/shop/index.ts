// The run's shop (ctx.shop): its service processes and its trace receiver.
export { RunShop } from './run-shop.ts';
export { shopNames } from './names.ts';
