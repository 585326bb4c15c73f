// Project <-> share link codec, versioned so links made today open in every later release.
// Format: see codec.ts (deflate via fflate, RFC 1951; base64url, RFC 4648 §5).

export { encodeShare, decodeShare, SHARE_VERSION, MAX_LINK_LENGTH, type SharedProject } from './codec.ts';
export { shareFragment, shareUrl, readShareFragment } from './fragment.ts';
export { crc32 } from './crc32.ts';
export { encodeBase64url, decodeBase64url } from './base64url.ts';
