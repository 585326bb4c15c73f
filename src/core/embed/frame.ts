// What a host gives the embed's frame: its sandbox and its permissions (docs/embed.md says why
// each is there). The snippets write them, and `<wharf-embed>` sets them on the frame it makes.

/**
 * The frame's sandbox: scripts, its own origin (its Workers, its Cache Storage; the frame is
 * cross-origin to the host, so this gives it nothing of the host's), and "Open in Wharf" as a
 * new tab that is not sandboxed. No top navigation, no forms, no modals.
 */
export const EMBED_SANDBOX = 'allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox';

/**
 * The frame's permissions: cross-origin isolation, where the host has it (an isolated host
 * lends it to a frame it allows; keyboard input to programs needs it).
 */
export const EMBED_ALLOW = 'cross-origin-isolated';
