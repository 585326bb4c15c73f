// Registry logins: for the tab unless remembered, a damaged record dropped, not trusted.
import { describe, expect, it } from 'vitest';
import { RegistryLogins, type KeyValueStorage } from '../../../src/ui/lib/registry-logins.ts';

function storage(): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

describe('RegistryLogins', () => {
  it('keeps a login for the tab, or on the device when asked, never in both', () => {
    const tab = storage();
    const device = storage();
    const logins = new RegistryLogins(tab, device);
    logins.set('r:5000', { username: 'a', password: 'p' }, false);
    expect(device.data.size, 'device storage after a tab login').toBe(0);
    expect(new RegistryLogins(tab, storage()).get('r:5000')).toEqual({ username: 'a', password: 'p' });
    logins.set('r:5000', { username: 'a', password: 'q' }, true);
    expect(tab.data.size, 'tab storage after remembering').toBe(0);
    expect(new RegistryLogins(storage(), device).get('r:5000')).toEqual({ username: 'a', password: 'q' });
    expect(logins.isRemembered('r:5000')).toBe(true);
    logins.forget('r:5000');
    expect(logins.all()).toEqual({});
  });

  it('drops a record of another version or shape', () => {
    const tab = storage();
    tab.setItem('wharf.registry-logins', JSON.stringify({ v: 99, logins: { h: { username: 'a', password: 'b' } } }));
    expect(new RegistryLogins(tab).all()).toEqual({});
    tab.setItem('wharf.registry-logins', JSON.stringify({ v: 1, logins: { h: { username: 1 } } }));
    expect(new RegistryLogins(tab).all()).toEqual({});
    tab.setItem('wharf.registry-logins', '{not json');
    expect(new RegistryLogins(tab).get('h')).toBeUndefined();
  });
});
