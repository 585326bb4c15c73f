// Share: the link goes to the clipboard and the `Share link` field, and reopens the project
// (binaries and file modes included) as a new local project in a fresh browser; a link of an
// older format still opens; a damaged link loses nothing.
import { describe, expect, it } from 'vitest';
import { useBrowserApp } from '../support/browser.ts';
import { editorText, openApp, openFile, replaceText, runAndWait } from './app.ts';

const app = useBrowserApp('preview');

describe('share link', () => {
  it('reopens the project, .wasm included, in a fresh app.browser context', async () => {
    const a = await openApp(app.browser, app.server.url);
    // The prebuilt-module example: a project with a binary file.
    await a.page.getByTitle('Projects and examples').click();
    await a.page
      .getByRole('dialog', { name: 'Projects' })
      .getByRole('button', { name: /^Prebuilt module/ })
      .click();
    await openFile(a.page, 'hello-world.c');
    await replaceText(a.page, '/* shared ünïcode */\n');
    await a.page.getByRole('button', { name: 'Share', exact: true }).click();
    const field = a.page.getByRole('textbox', { name: 'Share link' });
    await field.waitFor();
    const link = await field.inputValue();
    expect(link, 'Share link value').toMatch(/#p=2\.[A-Za-z0-9_-]+$/);
    const clip = await a.page.evaluate(() => navigator.clipboard.readText());
    expect(clip, 'clipboard after Share').toBe(link);
    await a.context.close();

    const b = await openApp(app.browser, link);
    const files = b.page.getByRole('navigation', { name: 'Files' });
    await expect.poll(() => files.getByRole('button', { name: 'hello-world.wasm', exact: true }).count()).toBe(1);
    await openFile(b.page, 'hello-world.c');
    await expect.poll(() => editorText(b.page), { message: 'shared hello-world.c' }).toMatch(/shared ünïcode/);
    await openFile(b.page, 'hello-world.wasm');
    await expect
      .poll(() => b.page.getByRole('region', { name: 'hello-world.wasm (binary)' }).innerText())
      .toMatch(/00 61 73 6d/);
    expect(new URL(b.page.url()).hash, 'the fragment is cleared once opened').toBe('');
    // Ready to Run: the shared module builds and runs in the receiving app.browser.
    const { output, status } = await runAndWait(b.page);
    expect(status, 'status of the shared project').toMatch(/Exited \(0\)/);
    expect(output, 'Output of the shared project').toContain('Hello, Wasm!');
    // The seed was not needed: the shared project is the only one, named as the sender's.
    await b.page.getByTitle('Projects and examples').click();
    const listed = b.page.getByRole('dialog', { name: 'Projects' }).getByRole('list').first().getByRole('listitem');
    await expect
      .poll(() => listed.allInnerTexts(), { message: 'projects in the receiving app.browser' })
      .toEqual([expect.stringMatching(/^hello-world-prebuilt\n/)]);
    await b.context.close();
  });

  it('says a damaged link is damaged and keeps the saved projects', async () => {
    const a = await openApp(app.browser, app.server.url);
    await a.page.getByRole('button', { name: 'Share', exact: true }).click();
    const link = await a.page.getByRole('textbox', { name: 'Share link' }).inputValue();
    await openFile(a.page, 'hello-world.c');
    await replaceText(a.page, '// kept\n');
    await a.page.waitForTimeout(800);
    const truncated = link.slice(0, link.length - 7);
    await a.page.goto('about:blank');
    await a.page.goto(truncated);
    await a.page.getByRole('button', { name: 'Run', exact: true }).waitFor();
    await expect
      // Monaco keeps its own empty role=alert live regions in the page; the app's notice is the other one.
      .poll(() => a.page.locator('[role=alert]:not(.monaco-alert)').innerText(), {
        message: 'alert for a truncated link',
      })
      .toMatch(/damaged or truncated/);
    await openFile(a.page, 'hello-world.c');
    await expect.poll(() => editorText(a.page), { message: 'saved project still there' }).toMatch(/\/\/ kept/);
    await a.context.close();
  });

  it('keeps file modes: executable bits set in the file list reach the receiver', async () => {
    const a = await openApp(app.browser, app.server.url);
    const tree = a.page.getByRole('navigation', { name: 'Files' });
    const toggle = (page: typeof a.page, path: string) =>
      page.getByRole('navigation', { name: 'Files' }).getByRole('button', { name: `Executable ${path}`, exact: true });
    await tree.getByRole('button', { name: 'hello-world.c', exact: true }).hover();
    await toggle(a.page, 'hello-world.c').click();
    await expect.poll(() => toggle(a.page, 'hello-world.c').getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => toggle(a.page, 'Dockerfile').getAttribute('aria-pressed')).toBe('false');
    await a.page.getByRole('button', { name: 'Share', exact: true }).click();
    const link = await a.page.getByRole('textbox', { name: 'Share link' }).inputValue();
    await a.context.close();

    const b = await openApp(app.browser, link);
    await toggle(b.page, 'hello-world.c').waitFor();
    expect(await toggle(b.page, 'hello-world.c').getAttribute('aria-pressed'), 'hello-world.c after the link').toBe(
      'true',
    );
    expect(await toggle(b.page, 'Dockerfile').getAttribute('aria-pressed'), 'Dockerfile after the link').toBe('false');
    await b.context.close();
  });

  it('opens a link of format 1, written before links carried modes', async () => {
    // Made by the format 1 encoder; never regenerate it.
    const v1 =
      '1.AAAA4sifKkJVj70OgjAUhfFNmjs3sBpWfxIHgRAWQhlqKZZYW9JWHQiv6fN4kcE43ZPvnnzJiaLoPYGBFKzugEKHaW_FTbp-0BJBWF-p5kH6gOAC6TRTcHiAu6uHtGkpSPNcgw_dsOgAOz2i5l93LPMz8cLxIBQzu7yoSUwSPo4JM4esKusiP2UVaRh8oZJa2_jF_Z1Bywy0tIEfA7pdgHuY2CuUS6EsUcPSa-cICxuc9wE';
    const b = await openApp(app.browser, `${app.server.url}#p=${v1}`);
    const files = b.page.getByRole('navigation', { name: 'Files' });
    await files.getByRole('button', { name: 'run.sh', exact: true }).waitFor();
    // Format 1 had no modes: files open with those Wharf built them with (.wasm 0755, others 0644).
    const pressed = (path: string) =>
      files.getByRole('button', { name: `Executable ${path}`, exact: true }).getAttribute('aria-pressed');
    expect(await pressed('hello.wasm'), 'hello.wasm from a format 1 link').toBe('true');
    expect(await pressed('run.sh'), 'run.sh from a format 1 link').toBe('false');
    expect(await b.page.getByTitle('Projects and examples').textContent()).toContain('old');
    await b.context.close();
  });
});
