// The TLS surface other components import.

export {
  tlsClientSchema,
  tlsServerSchema,
  validateTlsClient,
  validateTlsServer,
  TLS_VERSIONS,
  type TlsClientConfig,
  type TlsServerConfig,
  type TlsCommonConfig,
} from './config.js';
export { loadClientTls, loadServerTls, tlsFiles, readFileGo } from './loader.js';
export { TlsConfigError } from './errors.js';
export { watchTlsFiles, serverTlsReloadMs } from './reload.js';
