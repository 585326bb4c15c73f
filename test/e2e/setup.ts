import { ensureCommands } from '../support/system-tools.ts';
import { launchChromium, startApp } from '../support/browser.ts';

/**
 * Install what the browser tests need, then load the app once so Vite has pre-bundled every
 * dependency (Monaco's lazy imports included) before any test: with a cold cache Vite reloads
 * the page mid-test when it discovers a new dependency.
 */
export default async function setup(): Promise<void> {
  ensureCommands(['chromium', 'firefox-esr', 'skopeo', 'docker-registry']);
  const server = await startApp('dev');
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.locator('.monaco-editor').first().waitFor({ timeout: 120_000 });
    await page.waitForLoadState('networkidle');
    // The runner and builder workers import their own modules: load them too.
    await page
      .getByRole('button', { name: 'Run', exact: true })
      .and(page.locator(':enabled'))
      .waitFor({ timeout: 120_000 });
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page
      .getByText(/Exited \(\d+\)/)
      .first()
      .waitFor({ timeout: 120_000 });
    await page.waitForLoadState('networkidle');
  } finally {
    await browser.close();
    await server.close();
  }
}
