// A last line of defence before an error text reaches a log line or a caller: exporters build
// their messages without credentials, but a library error may echo a URL with user-info or an
// Authorization value, and those must never be printed.

const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]*@/gi;
const AUTH_HEADER = /\b((?:proxy-)?authorization|x-api-key|api-key|x-auth-token)(["']?\s*[:=]\s*["']?)[^"'\r\n,;}]+/gi;
const AUTH_SCHEME = /\b(Basic|Bearer|Token|ApiKey)\s+[A-Za-z0-9._~+/=-]{4,}/g;

/** `text` with URL credentials removed and Authorization-like values replaced by `[REDACTED]`. */
export function redactSecrets(text: string): string {
  return text.replace(URL_USERINFO, '$1').replace(AUTH_HEADER, '$1$2[REDACTED]').replace(AUTH_SCHEME, '$1 [REDACTED]');
}

/** The message of any thrown value, redacted. */
export function errorText(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return redactSecrets(msg);
}
