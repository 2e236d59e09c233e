export { TcpServer, TcpFrameError, type TcpConnection, type TcpConnectionHandler, type TcpServerOptions, type TcpServerSettings } from './server.js';
export { tcpEndpointProblem } from './endpoint.js';
