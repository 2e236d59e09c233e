// The HTTP client surface other components import.

export { httpClientFields, httpClientSchema, validateHttpClient, type HttpClientConfig, type HttpClientDefaults } from './config.js';
export {
  createHttpClient,
  HttpClient,
  DEFAULT_MAX_RESPONSE_BYTES,
  type HttpClientOptions,
  type HttpRequest,
  type HttpResponse,
} from './client.js';
export { httpResponseError, isRetryableHttpStatus, parseRetryAfter, type HttpFailure, type HeaderValues } from './response.js';
export { splitUserInfo, stripUrlCredentials, type SplitUrl } from './url.js';
export { transportError } from './transport-errors.js';
