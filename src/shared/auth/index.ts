// The authentication surface other components import.

export {
  AuthError,
  authSettingsSchema,
  headerValue,
  resolveClientAuth,
  resolveServerAuth,
  type AuthSettings,
  type ClientAuthenticator,
  type ServerAuthenticator,
} from './auth.js';
export { WatchedFile, type WatchedFileOptions } from './file-value.js';
