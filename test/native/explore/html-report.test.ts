// The HTML report in a real browser: Debian's chromium (ci/install-browser.sh) driven by
// playwright-core, never a downloaded browser. The timeline must show the injected fault, as text
// and as a <mark class="fault">; a screenshot is kept for a human to look at.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium as playwrightChromium } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { explore } from '../../../harness/src/explore/index.js';
import { journal } from './targets.js';
import { cc, chromium, CHROMIUM, needs } from '../../helpers/host/index.js';

const SEED = Number(process.env.SCT_EXPLORE_SEED ?? 20_260_127);

describe('HTML report in chromium', () => {
  beforeEach(needs(cc, chromium));

  it('shows the failing run with the injected fault marked', async () => {
    const out = mkdtempSync(join(tmpdir(), 'sct-explore-html-'));
    const r = await explore(journal('buggy'), { seed: SEED, outDir: out });
    const cx = r.counterexample!;
    const fault = cx.schedule[0]!;
    // A fresh profile directory per run (playwright passes it as --user-data-dir).
    const browser = await playwrightChromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'sct-chromium-')), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const page = await browser.newPage();
      await page.goto(pathToFileURL(r.files!.html).href);
      const marks = page.locator('ol.timeline li.injected mark.fault');
      expect(await marks.count()).toBe(cx.schedule.length);
      const injected = page.locator('ol.timeline li.injected').first();
      expect(await injected.getAttribute('data-syscall')).toBe(fault.site.syscall);
      const text = await marks.first().textContent();
      expect(text).toContain('explore-1');
      if (fault.fault.kind === 'errno') expect(text).toContain(fault.fault.errno);
      expect(await marks.first().isVisible()).toBe(true);
      expect(await page.locator('ol.timeline li').count()).toBeGreaterThan(20);
      const shot = process.env.SCT_EXPLORE_SCREENSHOT ?? join(out, 'report.png');
      await page.screenshot({ path: shot, fullPage: true });
      console.log(`screenshot: ${shot}`);
      expect(existsSync(shot)).toBe(true);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
