export { UdpServer, type UdpServerOptions, type UdpServerSettings } from './server.js';
