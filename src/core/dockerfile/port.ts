// Docker's port specs (go-connections/nat), for EXPOSE: `80`, `80/tcp`, `8000-8010/udp`.

/** An EXPOSE port: `80`, `80/tcp`, `8000-8010/udp`; a message when it is not one. */
export function parsePort(spec: string): { start: number; end: number; proto: string } | string {
  const slash = spec.indexOf('/');
  const port = slash < 0 ? spec : spec.slice(0, slash);
  const proto = slash < 0 ? 'tcp' : spec.slice(slash + 1);
  if (!['tcp', 'udp', 'sctp'].includes(proto.toLowerCase())) return `invalid proto: ${proto}`;
  const m = /^(\d+)(?:-(\d+))?$/.exec(port);
  if (!m) return `invalid containerPort: ${port}`;
  const start = Number(m[1]);
  const end = m[2] === undefined ? start : Number(m[2]);
  if (start > 65535 || end > 65535) return `invalid containerPort: ${port}`;
  if (end < start) return `invalid range specified for container port: ${port}`;
  return { start, end, proto: proto.toLowerCase() };
}
