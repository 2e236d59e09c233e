// Credentials in endpoint URLs: undici refuses URLs with user-info, and Go's http client turns
// them into `Authorization: Basic` (net/http Request.write) unless a header already set one.
// They must never appear in an error message or log line.

interface SplitUrl {
  /** The URL without user-info. */
  url: URL;
  /** `Basic base64(user:pass)` when the URL carried user-info. */
  basicAuth?: string;
}

export function splitUserInfo(raw: string | URL): SplitUrl {
  const url = new URL(String(raw));
  if (url.username === '' && url.password === '') return { url };
  const user = decodeURIComponent(url.username);
  const pass = decodeURIComponent(url.password);
  url.username = '';
  url.password = '';
  return { url, basicAuth: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` };
}

/** `raw` without user-info, for messages; text that is not a URL is returned unchanged. */
export function stripUrlCredentials(raw: string): string {
  try {
    return splitUserInfo(raw).url.toString();
  } catch {
    return raw;
  }
}
