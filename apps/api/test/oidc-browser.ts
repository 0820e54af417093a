/**
 * Just enough of a browser for the sign-on round trip: follows redirects one at a time (so a
 * test can stop at the callback and tamper with it), keeps each host's cookies, and posts the
 * provider's sign-in form.
 */
export class OidcBrowser {
  private readonly jar = new Map<string, Map<string, string>>();

  /** GETs `url` and follows redirects until `stop` says so or a page answers; returns the last URL and response. */
  public async follow(url: string, stop: (url: URL) => boolean = () => false): Promise<{ url: URL; response: Response }> {
    let current = new URL(url);
    let response = await this.request(current);
    for (let hops = 0; hops < 20 && response.status >= 300 && response.status < 400; hops += 1) {
      current = new URL(response.headers.get('location') ?? '', current);
      if (stop(current)) return { url: current, response };
      response = await this.request(current);
    }
    return { url: current, response };
  }

  /**
   * From the API's `start` through the provider's sign-in form to the provider's redirect back:
   * returns the callback URL without visiting it.
   */
  public async signInAtProvider(startUrl: string, login: string, password: string): Promise<URL> {
    const isCallback = (url: URL) => url.pathname === '/api/auth/oidc/callback';
    const form = await this.follow(startUrl, isCallback);
    if (isCallback(form.url)) return form.url; // already signed in at the provider
    const html = await form.response.text();
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`No sign-in form at ${form.url.href}:\n${html.slice(0, 500)}`);
    const submitted = await this.request(new URL(action, form.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ login, password }).toString(),
    });
    const location = submitted.headers.get('location');
    if (!location) throw new Error(`The provider refused ${login}: ${(await submitted.text()).slice(0, 300)}`);
    const back = await this.follow(new URL(location, form.url).href, isCallback);
    if (!isCallback(back.url)) throw new Error(`Expected a redirect to the callback, ended at ${back.url.href}`);
    return back.url;
  }

  /** Visits the callback (or any API URL) and returns where the API sends the browser. */
  public async redirectOf(url: URL | string): Promise<URL> {
    const target = new URL(url);
    const response = await this.request(target);
    const location = response.headers.get('location');
    if (response.status !== 302 || !location) throw new Error(`Expected a 302 from ${target.href}, got ${response.status}`);
    return new URL(location, target);
  }

  private async request(url: URL, init: RequestInit = {}): Promise<Response> {
    const cookies = this.jar.get(url.host) ?? new Map<string, string>();
    const headers = new Headers(init.headers);
    if (cookies.size > 0) headers.set('cookie', [...cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
    this.jar.set(url.host, cookies);
    return response;
  }
}
