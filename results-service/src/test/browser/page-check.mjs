// Drives Debian's Chromium (playwright-core, no browser download) over the results page and prints what it saw as
// one JSON object on stdout; ResultsPageBrowserTest makes the assertions. Steps: open the page unfiltered, choose
// the sweep in the filter form and apply, take the
// screenshots (unfiltered and of the sweep), then choose the model and apply.
//
//   node page-check.mjs <base-url> <chromium> <sweep> <model> <screenshot.png>
import { chromium } from 'playwright-core';

const [base, executablePath, sweep, model, screenshot] = process.argv.slice(2);
if (!screenshot) {
  console.error('usage: node page-check.mjs <base-url> <chromium> <sweep> <model> <screenshot.png>');
  process.exit(2);
}

// The machine has no internet: without these flags Chromium keeps trying to reach Google's services.
const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
});
const out = { consoleErrors: [], pageErrors: [], failedRequests: [], foreignRequests: [], views: [] };
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('console', m => { if (m.type() === 'error') out.consoleErrors.push(m.text()); });
  page.on('pageerror', e => out.pageErrors.push(String(e)));
  page.on('requestfailed', r => out.failedRequests.push(`${r.url()} ${r.failure()?.errorText}`));
  page.on('response', r => { if (r.status() >= 400) out.failedRequests.push(`${r.url()} HTTP ${r.status()}`); });
  page.on('request', r => { if (!r.url().startsWith(base)) out.foreignRequests.push(r.url()); });

  const observe = async name => {
    const view = await page.evaluate(() => {
      const charts = {};
      for (const svg of document.querySelectorAll('svg[data-chart]')) {
        charts[svg.dataset.chart] = {
          marks: [...svg.querySelectorAll('circle.mark')].map(c => ({ job: c.dataset.job, pareto: c.dataset.pareto === 'true' })),
          series: [...svg.querySelectorAll('g.series')].map(g => g.dataset.config),
          bands: svg.querySelectorAll('path.band').length,
        };
      }
      const winners = [...document.querySelectorAll('#winners tbody tr')]
        .map(tr => ({ category: tr.dataset.category, config: tr.cells[2].textContent, figure: tr.cells[4].textContent }));
      const configs = [...document.querySelectorAll('#configs tbody tr')].map(tr => tr.dataset.config);
      const runs = [...document.querySelectorAll('#runs tbody tr')].map(tr => tr.dataset.job);
      return { url: location.href, title: document.title, charts, winners, configs, runs,
        csv: document.querySelector('#csv')?.href ?? null };
    });
    out.views.push({ name, ...view });
  };
  const apply = async (field, value) => {
    await page.selectOption(`#filter-${field}`, value);
    await Promise.all([page.waitForURL(u => u.searchParams.get(field) === value), page.click('#apply')]);
    await page.waitForLoadState('load');
  };

  await page.goto(`${base}/`, { waitUntil: 'load' });
  await observe('unfiltered');
  await page.screenshot({ path: screenshot.replace(/\.png$/, '-unfiltered.png'), fullPage: true });
  await apply('sweep', sweep);
  await observe('sweep');
  await page.screenshot({ path: screenshot, fullPage: true });
  await apply('model', model);
  await observe('sweep+model');
  const csv = await page.request.get(out.views.at(-1).csv);
  out.csv = { status: csv.status(), type: csv.headers()['content-type'], lines: (await csv.text()).trim().split('\n').length };
} finally {
  await browser.close();
}
console.log(JSON.stringify(out));
