// Wharf on other people's pages: the options of `/embed?…#<share fragment>` and `<wharf-embed>`,
// the versioned postMessage API between a host page and the frame (a `wharf:hello` handshake,
// then a MessagePort; https://html.spec.whatwg.org/multipage/web-messaging.html), and the snippets
// the Share panel offers.

export {
  DEFAULT_EMBED_OPTIONS,
  EMBED_OPTION_NAMES,
  embedQuery,
  parseEmbedOptions,
  readImage,
  type EmbedImage,
  type EmbedOptions,
  type EmbedView,
  type ParsedEmbedOptions,
} from './options.ts';
export {
  EMBED_PROTOCOL,
  isFrameMessage,
  isHello,
  isWelcome,
  projectFiles,
  readHostMessage,
  type EmbedFile,
  type EmbedMode,
  type EmbedState,
  type EmbedTheme,
  type FrameMessage,
  type Hello,
  type HostMessage,
  type Welcome,
} from './protocol.ts';
export { EMBED_ALLOW, EMBED_SANDBOX } from './frame.ts';
export { elementSnippet, escapeHtml, iframeSnippet } from './snippets.ts';
export { commonIndent, escapeScriptText, scriptFileText } from './script-text.ts';
