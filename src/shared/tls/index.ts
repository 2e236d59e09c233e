// The TLS surface other components import.

export { tlsClientSchema, tlsServerSchema, validateTlsClient, validateTlsServer, type TlsClientConfig, type TlsServerConfig } from './config.js';
export { loadClientTls, loadServerTls, tlsFiles } from './loader.js';
export { watchTlsFiles } from './reload.js';
