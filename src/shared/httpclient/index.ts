// The HTTP client surface other components import.

export { httpClientFields, httpClientSchema, validateHttpClient } from './config.js';
export { createHttpClient, HttpClient, type HttpResponse } from './client.js';
export { httpResponseError, parseRetryAfter } from './response.js';
export { splitUserInfo, stripUrlCredentials } from './url.js';
