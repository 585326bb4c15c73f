// What a registry must send so a page may talk to it (the Fetch standard's CORS protocol), as
// distribution's `http.headers` configuration, for the message shown when a registry refuses
// the page. https://distribution.github.io/distribution/about/configuration/#http

/** The headers, by name, with the values a registry must send. */
export function corsHeaders(origin: string): Record<string, string[]> {
  return {
    'Access-Control-Allow-Origin': [origin],
    'Access-Control-Allow-Methods': ['HEAD', 'GET', 'OPTIONS', 'POST', 'PUT', 'PATCH'],
    'Access-Control-Allow-Headers': ['Authorization', 'Accept', 'Content-Type', 'Content-Range'],
    'Access-Control-Expose-Headers': ['Docker-Content-Digest', 'Location', 'Range', 'WWW-Authenticate'],
  };
}

/** distribution's config.yml section that sends them. */
export function corsConfig(origin: string): string {
  const lines = ['http:', '  headers:'];
  for (const [name, values] of Object.entries(corsHeaders(origin)))
    lines.push(`    ${name}: [${values.map((v) => `'${v}'`).join(', ')}]`);
  return lines.join('\n');
}
