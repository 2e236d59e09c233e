// The authentication surface other components import.

export { AuthError, authSettingsSchema, headerValue, resolveClientAuth, resolveServerAuth, type ServerAuthenticator } from './auth.js';
