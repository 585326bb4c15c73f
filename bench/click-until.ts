// A toolbar click timed in the page until the status matches: a MutationObserver on the status,
// so no driver round trip sits inside the figure.
import type { Page } from 'playwright-core';

export function clickUntil(page: Page, label: string, pattern: string): Promise<number> {
  return page.evaluate(
    ([label, pattern]) =>
      new Promise<number>((resolve) => {
        const button = document.querySelector<HTMLButtonElement>(`button[aria-label="${label}"]`)!;
        const status = document.querySelector('[role=tablist] [role=status]')!;
        const re = new RegExp(pattern);
        const t0 = performance.now();
        const mo = new MutationObserver(() => {
          if (re.test(status.textContent ?? '')) {
            mo.disconnect();
            resolve(performance.now() - t0);
          }
        });
        mo.observe(status, { subtree: true, characterData: true, childList: true });
        button.click();
      }),
    [label, pattern] as const,
  );
}
