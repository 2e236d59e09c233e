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
