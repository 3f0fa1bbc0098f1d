/**
 * One local publisher process: publishes reports `first … first+count-1` of a run into a site
 * folder shared with other processes, as two `generate` runs on one `out/` would.
 * Usage: publish-reports.ts SITE_DIR RUN FIRST COUNT
 */
import {
  FsSiteStore,
  publishReportFiles,
  publishSiteFilesFor,
} from '../../../lambdas/publish/index.ts';
import { renderSiteIndexFiles, reportPageLinker } from '../../../lambdas/report/index.ts';
import { numberedReport } from '../concurrent-reports.ts';

const [siteDir = '', run = '', first = '0', count = '1'] = process.argv.slice(2);
const store = new FsSiteStore(siteDir);
const site = {
  baseUrl: 'https://blog.example.com',
  title: 'Aftershock',
  tagline: 't',
  subscribeUrl: '/api/subscribe',
};
for (let n = Number(first); n < Number(first) + Number(count); n += 1) {
  const reports = await publishReportFiles(store, numberedReport(run, n), reportPageLinker);
  await publishSiteFilesFor(store, reports, (list) => renderSiteIndexFiles(list, site));
}
