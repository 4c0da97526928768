/**
 * URLs in the spec that would carry a secret into generated files. The
 * webhook `url` (and PagerDuty's `url`) is written verbatim into
 * alertmanager.yaml, which lands in ConfigMaps, repositories and logs, so it
 * is held to the rule apiUrl and routingKey already follow: secrets live in
 * files. A URL with userinfo (`https://user:pass@host/`) or a query parameter
 * named like a credential is refused with a pointer to urlFile and
 * credentialsFile.
 */

/**
 * Query parameter names that carry credentials in webhook URLs seen in the
 * wild: `token`, `access_token`, `api_key`/`apikey`, `secret`, `sig` and
 * `signature` (Azure SAS, AWS presigned `X-Amz-Signature`), `password`/
 * `passwd`/`pwd`, `auth`. Matched on the name's end, any case.
 */
const SECRET_PARAM = /(token|key|secret|sig|signature|password|passwd|pwd|auth)$/i;

/** Why `url` may not be written into the generated config, or undefined when it may. */
export function urlSecretProblem(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined; // the schema reports a URL it cannot parse
  }
  const advice = 'put the whole URL in a file and use urlFile, or send a bearer token from credentialsFile';
  if (u.username !== '' || u.password !== '')
    return `must not carry credentials (user:password@host): it is written verbatim into alertmanager.yaml; ${advice}`;
  for (const name of u.searchParams.keys())
    if (SECRET_PARAM.test(name))
      return `must not carry a secret in its query (parameter ${JSON.stringify(name)}): it is written verbatim into alertmanager.yaml; ${advice}`;
  return undefined;
}
