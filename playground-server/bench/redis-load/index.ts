export * from './resp.ts';
export * from './resp-driver.ts';
