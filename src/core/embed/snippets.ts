// The two ways to put a project on another page, as HTML to paste: an <iframe> of `/embed` with
// the project in its fragment, and the `<wharf-embed>` element with the files written inline
// (or the fragment, for what inline text cannot carry). Both get the sandbox and permissions a
// host should give the frame (docs/embed.md says why each is there).

import { assumedMode, isContextFile } from '../project.ts';
import { encodeShare, type SharedProject } from '../share/index.ts';
import { embedQuery, type EmbedOptions } from './options.ts';
import { EMBED_ALLOW, EMBED_SANDBOX } from './frame.ts';
import { commonIndent, escapeScriptText } from './script-text.ts';

/** The frame's height when it does not follow its content. */
const FRAME_HEIGHT = 420;

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `base` is the site's address (where `embed` and `embed.js` are), ending in `/`. */
export function iframeSnippet(base: string, project: SharedProject, options: Partial<EmbedOptions> = {}): string {
  const src = `${base}embed${embedQuery(options)}#p=${encodeShare(project)}`;
  const height = options.height === 'auto' ? 200 : FRAME_HEIGHT;
  return (
    `<iframe src="${escapeHtml(src)}"\n` +
    `  title="${escapeHtml(`Wharf: ${project.name}`)}" width="100%" height="${height}" style="border: 0"\n` +
    `  loading="lazy" sandbox="${EMBED_SANDBOX}"\n` +
    `  allow="${EMBED_ALLOW}"></iframe>`
  );
}

/**
 * Whether the files can be written inline: regular text files only (none indented as a whole,
 * which the element would take for the page's layout), and no run options an attribute cannot
 * say (arguments, environment).
 */
function inlinable(project: SharedProject): boolean {
  return (
    project.files.every((f) => isContextFile(f) && typeof f.data === 'string' && commonIndent(f.data) === '') &&
    project.run.args.length === 0 &&
    project.run.env.length === 0 &&
    !project.run.workdir &&
    !project.run.entrypoint &&
    Object.keys(project.buildArgs).length === 0
  );
}

/** The `<wharf-embed>` snippet: the script, then the element with the project inline where it can be. */
export function elementSnippet(base: string, project: SharedProject, options: Partial<EmbedOptions> = {}): string {
  const inline = inlinable(project);
  const opts: Partial<EmbedOptions> = { ...options };
  if (inline && project.run.stdin && opts.stdin === undefined) opts.stdin = project.run.stdin;
  const attrs = [...new URLSearchParams(embedQuery(opts).slice(1))].map(([k, v]) =>
    k === 'readonly' ? ' readonly' : ` ${k}="${escapeHtml(v)}"`,
  );
  if (inline && project.dockerfile !== 'Dockerfile') attrs.push(` dockerfile="${escapeHtml(project.dockerfile)}"`);
  if (inline) attrs.push(` name="${escapeHtml(project.name)}"`);
  else attrs.push(` fragment="${encodeShare(project)}"`);
  const open = `<wharf-embed${attrs.join('')}>`;
  const script = `<script src="${escapeHtml(base)}embed.js" defer></script>\n`;
  if (!inline) return `${script}${open}</wharf-embed>`;
  const children = project.files.filter(isContextFile).map((f) => {
    const mode = f.mode !== assumedMode(f.path) ? ` data-mode="${f.mode.toString(8)}"` : '';
    const text = escapeScriptText(f.data as string);
    return `  <script type="text/plain" data-path="${escapeHtml(f.path)}"${mode}>\n${text}</script>\n`;
  });
  return `${script}${open}\n${children.join('')}</wharf-embed>`;
}
