/**
 * Rules about hosts and addresses that several servers share, and the small
 * file helpers under them (a secret file, `mkdir -p`); imports no other folder.
 */
export { hostAllowed, hostHeaderName, isLoopback } from './host-check.ts';
export { MakeDirError, makeDirs } from './make-dirs.ts';
export {
  MIN_TOKEN_LENGTH,
  readSecretFile,
  readTokenFile,
  SecretFileError,
  type SecretFlag,
} from './secret-file.ts';
export { hideUrlCredentials, splitUrlCredentials, type UrlCredentials } from './url-credentials.ts';
