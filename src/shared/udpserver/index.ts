export { UdpServer, type UdpServerOptions, type UdpServerSettings, type UdpServerStats, type UdpDropReason } from './server.js';
export { bindUdp, udpAddress } from './bind.js';
