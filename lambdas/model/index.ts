export * from './flush-event.ts';
export * from './liquidation-spike.ts';
export * from './market-series.ts';
export * from './regime.ts';
export * from './report.ts';
export * from './report-facts.ts';
export * from './rollup.ts';
export * from './snapshot.ts';
