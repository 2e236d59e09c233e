export {
  TcpServer,
  TcpFrameError,
  type TcpConnection,
  type TcpConnectionHandler,
  type TcpServerOptions,
  type TcpServerSettings,
  type TcpServerStats,
  type TcpCloseReason,
} from './server.js';
export { parseTcpEndpoint, tcpEndpointProblem, type TcpEndpoint } from './endpoint.js';
