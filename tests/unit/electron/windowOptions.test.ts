import { describe, expect, it } from 'vitest';
import { windowOptions } from '../../../electron/main/security/windowOptions.js';
import { CONTENT_SECURITY_POLICY, APP_RESPONSE_HEADERS } from '../../../electron/main/security/csp.js';

describe('окно программы', () => {
  const prefs = windowOptions('/app/dist/electron/preload.cjs').webPreferences!;

  it('изолирует страницу: contextIsolation, sandbox, без Node', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });

  it('не ослабляет веб-безопасность и не даёт webview', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.spellcheck).toBe(false);
    expect(prefs.enableBlinkFeatures).toBeUndefined();
  });

  it('грузит только свой preload', () => {
    expect(prefs.preload).toBe('/app/dist/electron/preload.cjs');
  });

  it('инструменты разработчика — только в разработке', () => {
    expect(prefs.devTools).toBe(false);
    expect(windowOptions('/p', { development: false }).webPreferences!.devTools).toBe(false);
    expect(windowOptions('/p', { development: true }).webPreferences!.devTools).toBe(true);
  });

  it('окно называется «ЭЖД Офис» и показывается, когда готово', () => {
    const o = windowOptions('/p');
    expect(o.title).toBe('ЭЖД Офис');
    expect(o.show).toBe(false);
  });
});

describe('политика безопасности содержимого (CSP)', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name!, values.join(' ')] as const;
    }),
  );

  it('запрещает всё, что не разрешено явно', () => {
    expect(directives.get('default-src')).toBe("'none'");
    expect(directives.get('object-src')).toBe("'none'");
    expect(directives.get('base-uri')).toBe("'none'");
    expect(directives.get('form-action')).toBe("'none'");
    expect(directives.get('frame-ancestors')).toBe("'none'");
  });

  it('скрипты, стили, шрифты и запросы — только свои', () => {
    expect(directives.get('script-src')).toBe("'self'");
    expect(directives.get('style-src')).toBe("'self'");
    expect(directives.get('font-src')).toBe("'self'");
    expect(directives.get('connect-src')).toBe("'self'");
    expect(directives.get('img-src')).toBe("'self' data: blob:");
  });

  it('нет inline, eval и чужих адресов', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|wasm-unsafe|https?:|\*/);
  });

  it('уходит заголовком с каждым ответом app://', () => {
    expect(APP_RESPONSE_HEADERS['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(APP_RESPONSE_HEADERS['X-Content-Type-Options']).toBe('nosniff');
  });
});
